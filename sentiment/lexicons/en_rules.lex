# English rules and additions, hand-written for veille (see NOTICE).
# Boosters and negations follow VADER's lists (Hutto & Gilbert 2014).
@lang en
# VADER's lexicon is dense: one mildly positive word ("like", "play",
# "free") in a tweet does not make it positive. A positive label needs about
# one clearly positive word (raw sum ~1.7); negative words, rarer and more
# telling, keep VADER's threshold.
@thresholds 0.4 -0.05

[booster]
absolutely	0.293
amazingly	0.293
awfully	0.293
completely	0.293
considerably	0.293
decidedly	0.293
deeply	0.293
effing	0.293
enormously	0.293
entirely	0.293
especially	0.293
exceptionally	0.293
extremely	0.293
fabulously	0.293
freaking	0.293
fricking	0.293
frigging	0.293
fucking	0.293
fully	0.293
greatly	0.293
hella	0.293
highly	0.293
hugely	0.293
incredibly	0.293
intensely	0.293
majorly	0.293
more	0.293
most	0.293
particularly	0.293
purely	0.293
quite	0.293
really	0.293
rly	0.293
remarkably	0.293
so	0.293
soo	0.293
substantially	0.293
thoroughly	0.293
totally	0.293
tremendously	0.293
truly	0.293
uber	0.293
unbelievably	0.293
unusually	0.293
utterly	0.293
very	0.293
# "truly", rated by VADER, boosts only a sentiment word right after it and
# otherwise scores as itself ("it truly brings it to life"). "freaking" is
# a degree word only ("Ben freaking Nevis"): its valence is removed below.
almost	-0.293
barely	-0.293
hardly	-0.293
just enough	-0.293
kind of	-0.293
kinda	-0.293
less	-0.293
little	-0.293
marginally	-0.293
occasionally	-0.293
partly	-0.293
scarcely	-0.293
slightly	-0.293
somewhat	-0.293
sort of	-0.293
sorta	-0.293

[negation]
not
no
never
neither
nor
none
nobody
nothing
nowhere
without
cannot
cant
dont
doesnt
didnt
isnt
arent
wasnt
werent
wont
wouldnt
couldnt
shouldnt
havent
hasnt
hadnt
aint
nope
nah
rarely
seldom
despite
no longer
no more
anything but
# "the least helpful" (VADER's rule); "at least" and "the very least" are
# set phrases below and negate nothing.
least
# Counterfactuals: what could or should have been did not happen.
# "could have been better" is a complaint, "could have been worse" relief.
# Not "would have been" nor "might have been": they also state a guess
# ("that would have been the perfect name").
could have been
should have been
could've been
should've been

[contrast]
# "though" and "yet" are left out: at a sentence end they do not
# introduce what matters most.
but
however

[valence]
# VADER's "o_O" (-0.5, puzzled) and "o/\o" (2.1, a high five) read as the
# same two words "o o" (the tokenizer drops '_', '/' and '\'), and the
# later one won: "why? o_O" scored +2.1. The puzzled face is by far the
# commoner; it keeps its own valence.
o_O	-0.5
# Common in service conversations, missing from or too weak in VADER.
never again	-2.5
waste of time	-2.8
waste of money	-2.8
rip off	-2.8
ripoff	-2.8
scam	-2.8
scammed	-3.0
useless	-2.4
unacceptable	-2.6
disgrace	-2.8
joke	-0.5
# Phrases of the [complaint] section take the place of their words: they
# carry their words' valence.
having trouble	-1.7
failed to deliver	-2.3
failing to deliver	-2.3
error message	-1.7
error code	-1.7
it broke	-1.8
broke after	-1.8
broke down	-1.8
# A service desk is a channel, not praise ("support" alone is +0.3).
tech support	0
technical support	0
# A product that does not work: "work" has no valence of its own, so the
# negation finds nothing to turn; the phrase carries it.
not working	-1.8
doesn't work	-1.8
doesnt work	-1.8
does not work	-1.8
didn't work	-1.8
didnt work	-1.8
did not work	-1.8
don't work	-1.5
do not work	-1.5
won't work	-1.8
wont work	-1.8
will not work	-1.8
isn't working	-1.8
wasn't working	-1.8
never worked	-2.0
no longer works	-1.8
# Thanked for, a warning helps ("thanks for the warning" is no irony, see
# [thanks]).
for the warning	0
for the warnings	0
# "like" that wishes likes nothing: "I'd like a refund", "I would like
# to cancel". (The "like" that compares, "looks like", "feel like", was
# tried neutral too: the tweets and reviews it appears in lean positive.)
would like	0
i'd like	0
id like	0
we'd like	0
would you like	0
# AFINN's "quality" (+1.6) outweighed the word that judged it ("low
# quality", "the sound quality is terrible"); alone it is mild praise.
quality	0.8
low quality	-1.8
poor quality	-2.0
cheap quality	-1.8
high quality	1.8
top quality	2.0
broken	-2.0
never arrived	-2.0
never received	-2.0
hasn't arrived	-1.8
has not arrived	-1.8
didn't arrive	-1.8
did not arrive	-1.8
haven't received	-1.8
have not received	-1.8
didn't receive	-1.8
did not receive	-1.8
no reply	-1.8
no response	-1.8
still waiting	-1.5
fed up	-2.3
crash	-1.8
crashes	-1.8
crashing	-1.8
crashed	-1.8
charged twice	-1.8
charged me twice	-1.8
won't refund	-1.8
no answer	-1.5
double charged	-1.8
cancelled	-1.0
canceled	-1.0
won't answer	-1.5
sick of	-2.2
outage	-1.5
is down	-1.2
still down	-1.8
down again	-1.8
locked out	-1.8
account locked	-1.8
account hacked	-2.2
still pending	-1.2
# "still no" is a let-down whatever follows; the longest phrase wins.
still no	-1.0
still no answer	-1.8
still no response	-1.8
still no reply	-1.8
still no refund	-1.8
still no news	-1.5
lost my luggage	-2.0
lost my bag	-2.0
# Met expectations: praise, and negated ("not what I expected") a let-down.
what i expected	1.0
what i ordered	0.8
stuck in transit	-1.5
wrong item	-1.8
wrong order	-1.8
marked as delivered	-1.2
says delivered	-1.2
never came	-1.5
keep transferring	-1.5
keeps transferring	-1.5
# A plea for help is a problem, not praise ("please" and "help" are
# positive words alone).
please help	-0.5
pls help	-0.5
plz help	-0.5
help please	-0.5
help me	-0.5
need help	-0.5
0 stars	-2.5
zero stars	-2.5
1 star	-1.8
one star	-1.8
2 stars	-0.8
two stars	-0.8
3 stars	0.8
three stars	0.8
4 stars	2.2
four stars	2.2
5 stars	2.8
five stars	2.8
thank you	2.0
thanks	1.9
thx	1.6
ty	1.2
well done	2.4
great job	2.8
customer service	0
no problem	1.2
no worries	1.2
# Social-media idioms VADER's lexicon lacks: anticipation ("can't wait",
# "looking forward"), excitement slang, and phrasal verbs of let-downs.
# As phrases they win over their words: "can't wait" is not a negated
# "wait", "let down" is not "let".
can't wait	2.0
cant wait	2.0
cannot wait	2.0
can not wait	2.0
looking forward	1.8
look forward	1.6
pumped	1.8
stoked	2.2
psyched	1.9
hyped	1.4
game changer	2.0
nailed it	2.2
killing it	1.8
shout out	1.2
shoutout	1.2
epic	1.6
epic fail	-2.5
let down	-2.0
letdown	-2.0
let me down	-2.0
let us down	-2.0
ripped off	-2.6
screwed up	-2.0
messed up	-2.0
can't stand	-2.3
cant stand	-2.3
cannot stand	-2.3
stay away	-1.8
beware	-1.5
# Product and service review vocabulary VADER's lexicon lacks (it was built
# from tweets, not reviews); mild values, as these words also appear in
# neutral descriptions.
reliable	1.6
unreliable	-1.9
affordable	1.2
overpriced	-1.8
pricey	-0.8
expensive	-0.8
sleek	1.4
seamless	1.6
smooth	1.2
intuitive	1.5
sturdy	1.3
durable	1.3
flimsy	-1.5
cheaply made	-1.8
poorly made	-2.0
falls apart	-1.8
fell apart	-1.8
falling apart	-1.8
stopped working	-2.0
value for money	1.8
worth it	1.6
worth every penny	2.6
fast shipping	1.5
fast delivery	1.5
junk	-1.9
garbage	-2.0
trash	-1.5
unhelpful	-1.9
unusable	-2.3
outdated	-1.0
glitch	-1.0
glitchy	-1.6
buggy	-1.6
laggy	-1.5
sluggish	-1.2
slow	-0.8
slowly	0
slow motion	0
slow cooker	0
slow down	0
hidden fees	-1.8
false advertising	-2.2
bait and switch	-2.2
not as described	-1.8
on hold	-1.0
# Buying advice: "buy" and "waste" carry the verdict only in these phrases
# ("don't waste your money" is no negated waste).
don't buy	-2.5
dont buy	-2.5
do not buy	-2.5
wouldn't buy	-2.0
would not buy	-2.0
won't buy	-2.0
will not buy	-2.0
never buy	-2.0
never buying	-2.0
don't waste	-2.5
dont waste	-2.5
do not waste	-2.5
save your money	-2.0
returned it	-1.5
returning it	-1.5
sent it back	-1.8
sending it back	-1.8
want my money back	-2.5
# Service let-downs said with scorn or impatience.
thanks for nothing	-2.5
since the update	-1.0
# App-store reviews.
won't open	-1.8
doesn't open	-1.8
won't load	-1.8
doesn't load	-1.8
too many ads	-1.8
ads everywhere	-1.8
uninstalled	-1.8
uninstalling	-1.8
deleted the app	-1.8
bug	-1.0
bugs	-1.2
# A problem solved is good news; negated, the complaint again.
problem solved	2.0
issue resolved	1.8
issue fixed	1.8
fixed my issue	1.8
fixed my problem	1.8
solved my problem	1.8
resolved my issue	1.8
got my refund	1.5
been refunded	1.2
was refunded	1.2
refund arrived	1.2
received my refund	1.5
refund came through	1.2
# Not arrived, the refund is the topic, not a parcel.
refund never arrived	-2.0
refund hasn't arrived	-1.8
refund still hasn't arrived	-2.0
# What customers write when the service fails them; the negation inside
# "no longer works" is the phrase's own.
can't log in	-1.8
can't login	-1.8
can't log into	-1.8
cannot log into	-1.8
cannot log in	-1.8
can't sign in	-1.8
cannot sign in	-1.8
no longer works	-2.0
no longer working	-2.0
keeps dropping	-1.5
keeps disconnecting	-1.8
keeps freezing	-1.8
hung up on	-2.0
is late	-1.0
was late	-1.0
arrived late	-1.5
late again	-1.5
overcharged	-2.0
no internet	-1.8
no signal	-1.8
no service	-1.5
is a joke	-2.0
what a joke	-2.0
such a joke	-2.0
been waiting	-1.2
no one answers	-1.8
nobody answers	-1.8
no one responds	-1.8
nobody responds	-1.8
as advertised	1.2
as described	1.2
not as advertised	-1.8
freaking	0
# VADER's special-case idioms (vaderSentiment.py, SPECIAL_CASES, MIT): the
# phrase means something its words do not.
the shit	3
the bomb	3
bad ass	1.5
badass	1.5
yeah right	-2
kiss of death	-1.5
to die for	3
broken heart	-2.9
bus stop	0
at least	0
very least	0
# Set phrases where "no" (VADER: -1.2) carries no sentiment.
no idea	0
no clue	0
no offense	0
no offence	0
no matter	0
no wonder	0
no other way	0
no doubt	0
# Passing time, not violence: "kill some time before the meeting".
kill time	0
kill some time	0
killing time	0
killing some time	0
not bad	1.5
# Unmet expectations (as French "j'attendais mieux").
expected better	-1.8
expected more	-1.5
hoped for better	-1.8
hoped for more	-1.5
# VADER's chat acronyms that are everyday words in lower case: "hand" is
# "have a nice day" in VADER, a body part in most posts.
hand	0
slaw	0
# Advice and instructions, not sentiment: "better get going", "make sure".
better get	0
better go	0
better be	0
better make	0
better move	0
better start	0
make sure	0
be sure	0
# In posts about a brand "support" is mostly the help desk ("terrible
# support"), not backing (VADER: 1.7).
support	0.3

# Third column: the service topic (see fr_rules.lex).
[complaint]
# A weight below 1 is a word that names a problem only in a service's
# context ("late", "order", "error"): alone it is no complaint ("the late
# show", "a grave error"), with a second service term it is ("my order is
# late"). The phrases here keep the complaints such a word made alone.
sign into	0.8	account
error message	1.5	outage
error code	1.5	outage
failed to deliver	2	delivery
failing to deliver	2	delivery
having trouble	0.8	support
send back	0.8	refund
sent back	0.8	refund
it broke	1.5	defect
broke after	1.5	defect
broke down	1.2	defect
tech support	1.5	support
technical support	1.5	support
charged twice	2.5	billing
charged me twice	2.5	billing
won't refund	2.5	refund
won't answer	1.5	support
refund	2	refund
refunds	2	refund
refunded	1.5	refund
reimburse	2	refund
reimbursement	2	refund
money back	2	refund
chargeback	2	refund
delivery	1.5	delivery
delivered	0.8	delivery
deliver	0.8	delivery
package	1.2	delivery
parcel	1.2	delivery
shipment	1.2	delivery
shipping	0.8	delivery
tracking	0.8	delivery
order	0.8	delivery
outage	2	outage
is down	1.5	outage
still down	2	outage
down again	2	outage
went down	1.5	outage
broken	1.5	defect
broke	0.6	defect
defective	2	defect
faulty	2	defect
damaged	1.5	defect
missing	0.8	delivery
lost	0.8	delivery
billing	2	billing
bill	0.8	billing
billed	1.5	billing
charged	1.5	billing
overcharged	2.5	billing
double charged	2.5	billing
invoice	1.2	billing
account	0.8	account
locked out	2	account
account locked	2.5	account
account hacked	2.5	account
hacked	1.5	account
suspended	1.5	account
cancel	1.2	cancellation
cancelled	1.2	cancellation
canceled	1.2	cancellation
cancellation	1.5	cancellation
subscription	0.8	cancellation
unsubscribe	1.5	cancellation
# The service desk itself is a channel, not yet a problem (see fr_rules.lex).
been waiting	1.2	support
since the update	1	defect
won't open	2	outage
doesn't open	2	outage
doesn't load	1.5	outage
bugs	1.2	outage
been refunded	1.5	refund
was refunded	1.5	refund
refund arrived	1.5	refund
received my refund	1.5	refund
refund came through	1.5	refund
# Solved, good news (below 2: a positive text is no complaint); negated, the
# complaint again, with its topic.
fixed my issue	1.5	support
fixed my problem	1.5	support
solved my problem	1.5	support
resolved my issue	1.5	support
refund never arrived	2.5	refund
refund hasn't arrived	2.5	refund
refund still hasn't arrived	2.5	refund
got my refund	1.5	refund
can't log in	2	account
can't login	2	account
can't log into	2	account
cannot log into	2	account
cannot log in	2	account
can't sign in	2	account
cannot sign in	2	account
no longer works	2	outage
no longer working	2	outage
keeps dropping	2	outage
keeps disconnecting	2	outage
keeps freezing	2	outage
hung up on	2	support
arrived late	1.5	delivery
late again	1.5	delivery
is late	0.8	delivery
was late	0.8	delivery
no internet	2	outage
no signal	2	outage
no service	1.5	outage
no one answers	1.5	support
nobody answers	1.5	support
no one responds	1.5	support
nobody responds	1.5	support
customer service	1.5	support
chatbot	1.5	support
keep transferring	1.5	support
keeps transferring	1.5	support
stuck in transit	2.5	delivery
wrong item	2	delivery
wrong order	2	delivery
marked as delivered	2	delivery
says delivered	2	delivery
not as described	2	defect
customer support	1.5	support
support	0.8	support
helpdesk	1.5	support
no response	2	support
no reply	2	support
no answer	2	support
still waiting	2	support
still no	1.5	support
still no answer	2	support
still no response	2	support
still no reply	2	support
still no refund	2.5	refund
never arrived	2.5	delivery
never received	2.5	delivery
hasn't arrived	2	delivery
has not arrived	2	delivery
didn't arrive	2	delivery
did not arrive	2	delivery
haven't received	2	delivery
have not received	2	delivery
didn't receive	2	delivery
did not receive	2	delivery
never got	2	delivery
not working	2	outage
doesn't work	2	outage
does not work	2	outage
stopped working	2	outage
won't work	2	outage
didn't work	2	outage
did not work	2	outage
never worked	2	outage
isn't working	2	outage
wasn't working	2	outage
not loading	1.5	outage
won't load	1.5	outage
crash	1	outage
crashes	1	outage
crashed	1	outage
crashing	1	outage
bug	1.2	outage
buggy	1.5	outage
error	0.8	outage
scam	1.5	fraud
fraud	1.5	fraud
warranty	1	defect
replacement	1	defect
late	0.8	delivery
delayed	1.2	delivery
delay	0.8	delivery
on hold	1.5	support
still pending	1	support
lost my luggage	2.5	delivery
lost my bag	2	delivery
password	0.8	account
login	0.8	account
log in	0.8	account
sign in	0.8	account
can't access	2	account
charge	0.8	billing
fee	0.8	billing
fees	0.8	billing
repair	1	defect
technician	0.8	defect

[customer]
i
i'm
im
i've
ive
i'd
me
my
mine
myself
we
we're
our
us
you
your
you're
pls
please
plz

# A let-down happening again: after a lone praise word and a comma it
# makes the praise ironic ("Great, another delay"; see the README).
[irony]
again
another
yet another
once again
as usual
still

# Thanks and congratulations: read as irony when what they are for is a
# let-down ("thanks for ruining my day", "congrats on the outage"; see the
# README).
[thanks]
thanks
thank you
thank
thx
congrats
congratulations
kudos
well done
bravo

[news]
announced
announces
announce
according to
report
reports
reported
reportedly
shares
stock
investors
shareholders
ceo
lawsuit
sued
fined
regulator
regulators
quarter
quarterly
earnings
billion
layoffs
spokesperson
spokesman
press release
breaking
study
analysts

[langid]
the
and
is
are
was
were
be
been
to
of
in
at
for
with
this
that
these
those
it
its
it's
i
i'm
im
you
he
she
we
they
my
your
his
her
our
their
him
them
not
but
or
if
just
what
when
who
how
why
there
here
have
has
had
do
does
did
don't
can
can't
will
would
should
could
very
really
about
from
all
some
than
then
too
also
only
get
got
going
know
think
by
an
so
much
on
