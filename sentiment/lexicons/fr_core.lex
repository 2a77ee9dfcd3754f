# French valences, hand-written for veille (see NOTICE): the verbs, nouns,
# interjections and informal words of short French posts that Pattern's
# adjective list lacks, and corrections of Pattern where its weights do not
# fit informal usage. VADER's -4..+4 scale. Accents are optional in text
# ("genial" matches "génial"), so they are written here as in good French.
@lang fr
[valence]
# Liking and praise.
aimer	2.0
aime	2.0
aimes	2.0
aimons	2.0
aimez	2.0
aiment	2.0
aimé	1.8
aimée	1.8
aimés	1.8
aimées	1.8
adorer	3.0
adore	3.0
adores	3.0
adorons	3.0
adorez	3.0
adorent	3.0
adoré	2.8
adorée	2.8
adorés	2.8
kiffer	2.5
kiffe	2.5
kif	2.0
kiff	2.0
apprécier	1.8
apprécie	1.8
apprécié	1.6
appréciée	1.6
recommande	2.0
recommander	1.8
recommandé	1.6
conseille	1.2
bravo	2.5
merci	1.8
mercii	1.8
merciii	1.8
félicitations	2.8
felicitations	2.8
chapeau	1.5
génial	3.0
géniale	3.0
géniaux	3.0
génialissime	3.3
top	2.0
cool	1.8
coolos	1.8
super	2.2
excellent	3.0
excellente	3.0
excellents	3.0
parfait	2.8
parfaite	2.8
parfaitement	1.8
magnifique	3.0
merveilleux	3.0
merveilleuse	3.0
merveille	2.8
sublime	3.0
incroyable	2.2
formidable	2.8
fantastique	3.0
extraordinaire	2.8
impressionnant	2.2
impressionnante	2.2
efficace	1.8
rapide	1.2
rapidement	1.0
pratique	1.2
agréable	2.0
sympa	2.0
sympathique	2.0
gentil	1.8
gentille	1.8
aimable	2.0
serviable	2.2
réactif	2.0
réactive	2.0
professionnel	1.4
compétent	1.8
chaleureux	2.2
heureux	2.5
heureuse	2.5
content	2.0
contente	2.0
contents	2.0
ravi	2.8
ravie	2.8
ravis	2.8
satisfait	2.0
satisfaite	2.0
enchanté	2.5
fier	1.8
fière	1.8
plaisir	2.0
bonheur	2.8
joie	2.5
amour	2.5
love	2.5
réussite	2.0
réussi	2.0
réussie	2.0
succès	2.0
victoire	2.0
gagné	1.5
bon	1.9
bonne	1.9
bons	1.9
bonnes	1.9
meilleur	2.2
meilleure	2.2
meilleurs	2.2
mieux	1.2
bien	1.0
beau	2.2
belle	2.2
beaux	2.2
belles	2.2
joli	2.0
jolie	2.0
mignon	2.0
mignonne	2.0
drôle	1.5
marrant	1.8
rigolo	1.5
hilarant	2.5
fun	2.0
délicieux	2.8
délicieuse	2.8
chouette	2.0
canon	2.0
ouf	1.0
dingue	1.0
énorme	1.5
magique	2.5
idéal	2.2
idéale	2.2
utile	1.5
fiable	1.8
facile	1.5
rassurant	1.5
rassuré	1.5
soulagé	1.5
hâte	1.5
vivement	1.0
bienvenue	1.5
wow	2.0
nickel	2.2
impeccable	2.5
irréprochable	2.5
sourire	1.8
rire	1.5
chance	1.5
soutien	1.5
espoir	1.5
progrès	1.5
amélioration	1.2
pas mal	1.5
trop bien	2.8
au top	2.5
de ouf	1.5
j'adore	3.0
# Praise and relief in reviews and posts, missing from Pattern's adjectives.
régaler	2.2
régalé	2.2
savoureux	2.2
bluffant	2.5
époustouflant	3.0
palpitant	2.2
coup de cœur	2.6
reconnaissant	1.8
soulagement	1.6
soulagé	1.6
prometteur	1.6
réconfortant	1.8
performant	1.6
efficacité	1.4
fiabilité	1.2
jubiler	2.2
propice	1.0
bienvenu	1.5
# Dislike, anger, disappointment.
immonde	-3.0
saoulé	-1.8
soûlant	-1.8
gonflant	-1.6
bousillé	-2.0
amateurisme	-2.0
foiré	-2.2
panique	-1.8
gâchis	-2.0
tocard	-2.2
dégât	-1.8
indigné	-2.0
indignation	-2.0
révoltant	-2.6
vulnérable	-1.0
# Grief and violence, in posts about the news as much as in reviews.
deuil	-2.0
tragédie	-2.8
meurtre	-3.0
assassiner	-3.0
assassine	-3.0
assassiné	-3.0
assassinat	-3.0
nul	-2.5
nulle	-2.5
nuls	-2.5
nulles	-2.5
naze	-2.2
nase	-2.2
pourri	-2.8
pourrie	-2.8
merde	-2.5
merdique	-3.0
chier	-2.5
chiant	-2.2
chiante	-2.2
relou	-1.8
galère	-2.0
galérer	-1.8
horrible	-3.0
affreux	-3.0
affreuse	-3.0
atroce	-3.2
catastrophe	-3.0
catastrophique	-3.2
désastre	-3.0
désastreux	-3.0
lamentable	-3.0
pitoyable	-2.8
honteux	-2.8
honte	-2.5
# Denied shame is an accusation: "ils n'ont aucune honte", "aucun
# scrupule", "sans scrupules" (not a negated "honte").
aucune honte	-2.5
aucun scrupule	-2.2
sans scrupule	-2.2
sans scrupules	-2.2
scandale	-2.8
scandaleux	-3.0
inadmissible	-3.0
inacceptable	-2.8
insupportable	-2.8
déçu	-2.2
déçue	-2.2
déçus	-2.2
décevant	-2.2
décevante	-2.2
déception	-2.2
dommage	-1.5
triste	-2.0
tristesse	-2.0
malheureux	-2.0
malheureusement	-1.5
énervé	-2.2
énervée	-2.2
énervant	-2.2
agacé	-1.8
agaçant	-1.8
furieux	-3.0
furieuse	-3.0
marre	-2.2
ras le bol	-2.5
colère	-2.5
rage	-2.5
haine	-3.0
détester	-3.0
déteste	-3.0
détestent	-3.0
hais	-3.0
dégueulasse	-3.0
degueu	-2.5
dégoûté	-2.5
dégoût	-2.5
écœurant	-2.5
mauvais	-2.0
mauvaise	-2.0
pire	-2.8
moche	-2.0
laid	-1.8
bof	-1.2
mouais	-0.8
bidon	-1.5
arnaque	-3.0
arnaquer	-3.0
arnaqué	-3.0
escroc	-3.0
escroquerie	-3.0
voleur	-2.8
voleurs	-2.8
mensonge	-2.2
menteur	-2.5
problème	-1.5
problèmes	-1.5
souci	-1.2
soucis	-1.2
bug	-1.8
bugue	-1.8
beug	-1.8
panne	-2.0
cassé	-2.0
cassée	-2.0
défectueux	-2.2
abîmé	-1.8
endommagé	-1.6
endommagée	-1.6
endommagés	-1.6
endommagées	-1.6
erreur	-1.5
retard	-1.5
retards	-1.5
lent	-1.5
lente	-1.5
lenteur	-1.5
incompétent	-2.8
incompétents	-2.8
incompétence	-2.8
injoignable	-2.2
inutile	-2.0
horreur	-2.8
peur	-2.0
inquiet	-1.8
inquiétude	-1.8
danger	-2.0
dangereux	-2.2
menace	-2.0
mort	-2.2
morts	-2.2
tué	-2.8
guerre	-2.5
crise	-2.0
pollution	-2.0
pollué	-2.0
destruction	-2.5
détruire	-2.5
drame	-2.5
dramatique	-2.2
tragique	-2.8
ennuyeux	-2.0
# The informal form of "ennuyeux": "une série ennuyante".
ennuyant	-2.0
ennuyante	-2.0
ennui	-1.5
gâché	-2.2
gâcher	-2.2
raté	-2.0
échec	-2.2
perdu	-1.2
perte	-1.5
bordel	-2.0
putain	-1.5
con	-2.2
connard	-3.0
connards	-3.0
conne	-2.5
débile	-2.5
stupide	-2.2
idiot	-2.2
ridicule	-2.2
absurde	-1.8
pathétique	-2.5
abusé	-2.0
abuse	-1.5
# Folded, the plural is English "abuses", whose record stops inflection.
abusés	-1.8
sale	-1.8
douleur	-2.2
mal	-1.5
souffrir	-2.2
souffrance	-2.5
malade	-1.8
fatigué	-1.5
stress	-1.8
stressé	-1.8
angoisse	-2.2
pleurer	-2.0
pleure	-2.0
snif	-1.5
désolé	-0.8
désolée	-0.8
dsl	-0.8
gêne	-1.2
regret	-1.5
regrette	-1.5
plainte	-1.5
spam	-1.8
insulte	-2.5
harcèlement	-3.0
raciste	-3.0
violence	-2.8
violent	-2.5
mépris	-2.5
injuste	-2.2
injustice	-2.5
fraude	-3.0
corruption	-3.0
licenciement	-2.0
licenciements	-2.0
chômage	-1.8
faillite	-2.5
accident	-2.2
blessé	-2.2
blessés	-2.2
trop cher	-2.0
à chier	-3.0
a chier	-3.0
n'importe quoi	-2.2
foutage de gueule	-3.0
se moquer	-2.0
se fout	-2.5
merci pour rien	-2.8
plus jamais	-2.5
jamais plus	-2.5
# Unresolved problems: negative in themselves, whatever else is said. The
# negation inside a phrase is part of its meaning, not applied again.
jamais reçu	-2.0
pas reçu	-1.5
rien reçu	-2.0
jamais arrivé	-2.0
pas arrivé	-1.5
toujours pas	-1.0
toujours pas reçu	-2.0
# "Casse-toi" (get lost) is an insult, not "cassé" (broken), which folding
# accents makes the same word: the set phrase has no service topic.
casse toi	-1.5
répond pas	-1.8
ne répond	-1.5
ne répondent	-1.5
annulé	-1.0
annulée	-1.0
répondent pas	-1.8
marche pas	-2.0
marche plus	-2.0
fonctionne pas	-2.0
fonctionne plus	-2.0
aucune réponse	-2.0
sans réponse	-1.8
pas de réponse	-1.8
aucune nouvelle	-1.5
retardé	-0.9
supprimé	-0.8
piraté	-1.8
impossible de	-1.2
impossible d'	-1.2
message d'erreur	-1.5
code erreur	-1.5
# Delivery failures as customers tell them.
jamais passé	-1.8
pas passé	-1.5
avis de passage	-1.0
livré chez le voisin	-1.2
jeté mon colis	-2.0
# App-store reviews; "s'ouvre plus" keeps its own negation.
s'ouvre plus	-1.8
s'ouvre pas	-1.8
trop de pub	-1.8
trop de pubs	-1.8
trop de publicités	-1.8
désinstallé	-1.8
désinstallée	-1.8
désinstaller	-1.2
bugs	-1.8
# Verdicts of reviews and posts.
pas terrible	-1.8
pas top	-1.5
pas génial	-1.5
à éviter	-2.6
# Comparisons the set phrase "bien que" (although) would swallow: "moins
# bien que la saison 1".
moins bien	-1.2
chute libre	-2.0
# Nothing to fault: praise, however negated it looks ("il n'y a rien à
# redire"). "rien à dire" is milder: it can also mean "no comment".
rien à redire	2.0
rien à reprocher	2.0
aucun reproche	1.8
rien à dire	1.0
# A problem solved is good news, not a complaint to open a ticket for;
# negated ("je n'ai pas été remboursé") it is the complaint again.
problème résolu	2.0
problème réglé	2.0
réglé mon problème	2.0
résolu mon problème	2.0
panne réparée	1.5
panne est réparée	1.5
panne résolue	1.5
été remboursé	1.2
remboursement reçu	1.2
remboursement effectué	1.2
reçu mon remboursement	1.5
bien reçu mon remboursement	1.5
bien reçu	1.5
rien ne va	-2.0
arrive pas à	-1.2
arrive plus à	-1.5
# No service: the negation is part of the phrase.
plus internet	-1.8
plus d'internet	-1.8
pas internet	-1.8
pas d'internet	-1.8
sans internet	-1.8
plus de réseau	-1.8
pas de réseau	-1.8
sans réseau	-1.8
plus de connexion	-1.8
pas de connexion	-1.8
sans connexion	-1.8
toujours rien	-1.8
aux abonnés absents	-2.0
prélevé deux fois	-1.8
débité deux fois	-1.8
facturé deux fois	-1.8
payé deux fois	-1.8
aucun remboursement	-1.8
depuis la maj	-1.0
# "merci de me rappeler" is a request ("please"), not thanks; "merci de
# votre aide" still thanks.
merci de me	0
merci de m'	0
merci de nous	0
merci de bien vouloir	0
c'est une blague	-1.5
quelle blague	-1.8
attends toujours	-1.5
inexistant	-2.0
inexistante	-2.0
# Buying advice; the negation inside the phrase is its meaning.
achetez pas	-2.5
ne pas acheter	-2.5
déconseille	-2.5
déconseillée	-2.2
déconseiller	-2.0
rachèterai pas	-2.0
rachèterai plus	-2.0
rachèterai jamais	-2.2
conforme à la description	1.2
pas conforme	-1.8
non conforme	-1.8
à fuir	-2.8
perte de temps	-2.8
sans intérêt	-2.2
aucun intérêt	-2.5
intérêt	1.0
intéressant	1.6
intéressante	1.6
inintéressant	-2.2
inintéressante	-2.2
répétitif	-1.4
répétitive	-1.4
surfait	-1.8
surfaite	-1.8
nullité	-2.5
nullissime	-3.2
navet	-2.8
daube	-2.8
à voir absolument	2.8
vaut le détour	2.4
je recommande	2.4
mais bon	-0.3
sans commentaire	-1.5
pas du niveau	-1.5
attendais à mieux	-2.0
attendais à bien mieux	-2.2
attendais mieux	-2.0
peut mieux faire	-1.5
passez votre chemin	-2.4
passez vos chemins	-2.4
passe ton chemin	-2.4
passer votre chemin	-2.4
passer son chemin	-2.0
vaut rien	-2.2
valent rien	-2.2
# The negation splits the phrase: "ne vaut pas le coup".
vaut pas le coup	-1.8
valait pas le coup	-1.8
vaut pas le détour	-1.8
vaut pas le prix	-1.8
# Met expectations: praise, and negated ("pas ce que j'attendais") a let-down.
ce que j'attendais	1.0
que j'ai commandé	0.8
pas ouf	-1.5
# "j'en peux plus", "je n'en peux plus": at the end of one's tether.
en peux plus	-2.0
# "toujours pas" is a phrase of its own, which takes the "pas" of "pas de
# réseau": the commonest endings are phrases too.
toujours pas de réseau	-2.0
toujours pas de connexion	-2.0
toujours pas d'internet	-2.0
toujours pas de réponse	-2.0
toujours pas de nouvelles	-1.8
toujours pas de remboursement	-2.0
vous abusez	-1.8
raccroché au nez	-2.0
dég	-1.8
# "frais" alone is fresh; fees are no praise.
frais de port	-0.2
frais de livraison	-0.2
frais cachés	-1.8
frais abusifs	-1.8
connexion saute	-1.5
fibre saute	-1.5
wifi saute	-1.5
box saute	-1.5
valait pas le prix	-1.8
si j'avais su	-1.5
aurais aimé	-1.0
aurais préféré	-1.0
# Informal verdicts on products and services: slang of posts and reviews.
# Texting and verlan: "nrv"/"vnr" (énervé), "le seum" (bitter
# frustration), "la hess" (hard times), "chanmé" (méchant: great).
nrv	-2.0
vnr	-2.0
vénère	-2.0
seum	-2.0
la hess	-1.8
rageux	-1.5
malaise	-1.5
chanmé	2.5
ptn	-1.5
bv	2.0
# "plante" (crashes) and "rame" (lags) are nouns too ("une plante", "une
# rame de métro"): only their verb phrases are scored.
hors de prix	-2.0
de la balle	2.2
ça déchire	2.2
ca dechire	2.2
déchire tout	2.2
chelou	-1.0
la loose	-1.5
quelle loose	-1.8
au sol	-1.5
claqué au sol	-2.2
éclaté au sol	-2.2
plantage	-1.8
ça plante	-1.8
ca plante	-1.8
appli plante	-1.8
application plante	-1.8
site plante	-1.8
a planté	-1.5
plante tout le temps	-2.0
ça rame	-1.5
ca rame	-1.5
# Set phrases whose words would otherwise be scored: a valence of 0 keeps
# them neutral.
et bien	0
eh bien	0
ou bien	0
bien sûr	0
bien que	0
si bien que	0
nulle part	0
nul part	0
effets spéciaux	0
premier degré	0
second degré	0
pas mal de	0
rien à voir	0
au moins	0
du moins	0
pour le moins	0
à moins	0
plus ou moins	0
# Star ratings, as reviews give them.
0 étoile	-2.5
zéro étoile	-2.5
1 étoile	-1.8
une étoile	-1.8
une seule étoile	-2.2
2 étoiles	-0.8
deux étoiles	-0.8
3 étoiles	0.8
trois étoiles	0.8
4 étoiles	2.2
quatre étoiles	2.2
5 étoiles	2.8
cinq étoiles	2.8
# Pattern weights that do not fit informal or service usage: these words
# are mostly neutral in posts (or their sense is too mixed to score).
premier	0
première	0
dernier	0
dernière	0
grand	0
nouveau	0
nouvelle	0
seul	0
petit	0
plus	0
passe	0
juste	0
haut	0
unique	0
même	0
autre	0
certain	0
possible	0
jeune	0
jeunes	0
adolescent	0
adolescents	0
amoureux	0
pur	0
ferme	0
enfin	0
classique	0
terrible	-1.0
# Degree words that follow the verb in informal French ("j'adore trop",
# "ça déchire grave"): scored alone they would read as "too much" or
# "serious". They only boost (fr_rules.lex).
trop	0
absolument	0
grave	0
fortement	0
# "commande passée" (placed), not Pattern's "passé" (outdated).
passé	0
passée	0
passés	0
passées	0
# Pattern lists the inflected forms of the words above as entries of their
# own, so the base's 0 does not reach them: they are neutralised here too.
premiers	0
premières	0
derniers	0
dernières	0
grande	0
grands	0
grandes	0
nouveaux	0
nouvelles	0
seule	0
seuls	0
seules	0
haute	0
hauts	0
hautes	0
certaine	0
certains	0
certaines	0
# ...but the product vocabulary built on them keeps its praise.
haute qualité	2.0
hautes performances	1.5
haute performance	1.5
haut de gamme	1.5
bas de gamme	-1.5
# Quantities and ages rather than judgements: "plein
# de" (a lot of), "son propre" (its own), "tout simplement", "vieux".
plein	0
pleine	0
pleins	0
pleines	0
simplement	0
vieux	0
vieille	0
vieilles	0
vieil	0
géant	0
géante	0
géants	0
géantes	0
# Pattern adjectives that share their folded spelling with a commoner
# noun or verb: "force" (strength) / "forcé", "avance" (advance) /
# "avancé", "recherche" (research) / "recherché", "applique" (applies) /
# "appliqué", "cru" (believed: "j'ai cru") / "cru" (raw), "crue" (flood),
# "fermes" (farms), "nature", "gauche" (the left), "direct" ("en direct":
# live), "final" / "finale" (the ending), "différent" (different, not
# better), "nouvel" (as "nouveau").
force	0
forces	0
avance	0
recherche	0
recherches	0
applique	0
cru	0
crue	0
crues	0
crus	0
fermes	0
nature	0
gauche	0
gauches	0
direct	0
directe	0
directs	0
directes	0
final	0
finale	0
finales	0
finaux	0
différent	0
différente	0
différents	0
différentes	0
nouvel	0
# Pattern's weight is far too weak for these.
minable	-2.5
minables	-2.5
# Accent folding makes these adjectives collide with function words:
# "sûr" / "sur", "âpres" / "après", "pressé" / "presse".
sûr	0
âpres	0
pressé	0
vrai	0
simple	0
fort	0
