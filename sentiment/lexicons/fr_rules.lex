# French rules, hand-written for veille (see NOTICE).
@lang fr

[booster]
très	0.293
trop	0.293
vraiment	0.293
vrmt	0.293
vraimen	0.293
hyper	0.3
méga	0.3
giga	0.3
ultra	0.3
tellement	0.293
vachement	0.3
carrément	0.3
totalement	0.293
complètement	0.293
absolument	0.293
extrêmement	0.35
fortement	0.293
véritable	0.293
véritables	0.293
particulièrement	0.25
incroyablement	0.35
énormément	0.3
beaucoup	0.2
si	0.2
tout à fait	0.293
grave	0.25
# Sentiment words that are also degree words: they boost only a sentiment
# word right after them ("bien mauvais", "super lent"), else score as
# themselves ("c'est bien", "c'est super").
bien	0.293
super	0.293
un peu	-0.293
pas mal de	0.2
assez	-0.2
plutôt	-0.2
moyennement	-0.5
légèrement	-0.293
à peine	-0.5
presque	-0.2

[negation]
# "ne"/"n'" reach the next three words, so "je n'aime pas" and "ce n'est
# pas bon" are both caught through the "ne"; "pas" alone covers informal
# "c'est pas bon". "peu" negates rather than dampens: "peu fiable" means
# unreliable.
ne
n'
pas
jamais
rien
aucun
aucune
sans
ni
guère
nullement
non
# "tout sauf pratique": anything but.
tout sauf
peu
moins
# Past conditional: what could or should have been was not. "aurait pu
# être mieux" complains, "aurait pu être pire" is relief. Not "aurait été",
# the press's hearsay ("aurait été retrouvé": reportedly found).
aurait pu
aurais pu
auraient pu
aurions pu
aurait dû
aurais dû
auraient dû

[negation_post]
# After the word, when a subject precedes it: informal "j'aime pas".
pas
jamais
plus
guère

[subject]
je
j'
tu
t'
il
elle
on
ça
ca
c'
ils
elles
nous
vous
l'
m'
me
te
s'
se

[contrast]
mais
pourtant
cependant
toutefois
néanmoins
par contre
sauf que
en revanche

# Third column: the service topic, which the ticket stage uses to tell one
# storm from another (refund, delivery, outage, billing, account,
# cancellation, fraud, defect, support).
[complaint]
# A weight below 1 names a problem only in a service's context ("erreur",
# "commande", "impossible de"): alone it is no complaint ("une grave erreur"),
# with a second service term it is ("impossible de me connecter").
message d'erreur	1.5	outage
code erreur	1.5	outage
remboursement	2	refund
remboursements	2	refund
rembourser	2	refund
remboursé	1.5	refund
remboursez	2	refund
rembourse	2	refund
livraison	1.5	delivery
livré	0.8	delivery
livrée	0.8	delivery
livreur	1.2	delivery
colis	1.5	delivery
commande	0.8	delivery
commandé	0.8	delivery
panne	2	outage
coupure	1.5	outage
coupé	0.8	outage
résiliation	2	cancellation
résilier	2	cancellation
résilié	1.5	cancellation
arnaque	1.5	fraud
facture	1.5	billing
facturé	1.5	billing
facturation	1.5	billing
prélèvement	1.5	billing
prélevé	1.5	billing
débité	1.5	billing
compte bloqué	2.5	account
bloqué	1	account
bloquée	1	account
# The service desk itself is a channel, not yet a problem: below 2, so
# that "service client au top" reads as praise (see the scorer's rule).
service client	1.5	support
service après vente	1.5	support
sav	1.5	support
hotline	1.5	support
réclamation	2	support
plainte	1.5	support
litige	2	support
retard	1	delivery
cassé	1.5	defect
cassée	1.5	defect
défectueux	2	defect
défectueuse	2	defect
abîmé	1.5	defect
endommagé	1.5	defect
manquant	1.5	delivery
toujours pas	0.8	support
toujours pas reçu	2.5	delivery
jamais reçu	2.5	delivery
pas reçu	2	delivery
rien reçu	2.5	delivery
jamais arrivé	2.5	delivery
pas arrivé	2	delivery
fonctionne pas	2	outage
fonctionne plus	2	outage
marche pas	2	outage
marche plus	2	outage
répond pas	2	support
ne répond	1.5	support
ne répondent	1.5	support
annulé	1	cancellation
annulée	1	cancellation
annulation	1.5	cancellation
répondez pas	2	support
répondent pas	2	support
aucune réponse	2	support
sans réponse	2	support
pas de réponse	2	support
aucune nouvelle	1.5	delivery
retardé	0.8	delivery
retardée	0.8	delivery
supprimé	0.8	cancellation
supprimée	0.8	cancellation
compte piraté	2.5	account
piraté	1.5	account
sans nouvelles	1.5	support
injoignable	2	support
en attente	1.2	support
attends toujours	1.5	support
plus internet	2	outage
plus d'internet	2	outage
pas internet	2	outage
pas d'internet	2	outage
sans internet	2	outage
plus de réseau	2	outage
pas de réseau	2	outage
sans réseau	2	outage
plus de connexion	2	outage
pas de connexion	2	outage
sans connexion	2	outage
toujours rien	1.5	delivery
aux abonnés absents	2	support
prélevé deux fois	2.5	billing
débité deux fois	2.5	billing
facturé deux fois	2.5	billing
payé deux fois	2.5	billing
aucun remboursement	2.5	refund
raccroché au nez	2	support
toujours pas de réseau	2.5	outage
toujours pas de connexion	2.5	outage
toujours pas d'internet	2.5	outage
toujours pas de réponse	2	support
toujours pas de nouvelles	1.5	delivery
toujours pas de remboursement	2.5	refund
connexion saute	2	outage
fibre saute	2	outage
wifi saute	2	outage
box saute	2	outage
frais de port	0.8	billing
frais de livraison	0.8	billing
frais cachés	1.5	billing
frais abusifs	1.5	billing
depuis la maj	1	defect
garantie	1	defect
remplacement	1	defect
dossier	0.8	support
mot de passe	0.8	account
connexion	0.8	account
été remboursé	1.5	refund
remboursement reçu	1.5	refund
remboursement effectué	1.5	refund
reçu mon remboursement	1.5	refund
bien reçu mon remboursement	1.5	refund
# Solved, good news (below 2: a positive text is no complaint); negated, the
# complaint again, with its topic.
réglé mon problème	1.5	support
résolu mon problème	1.5	support
panne réparée	1.5	outage
panne est réparée	1.5	outage
panne résolue	1.5	outage
me connecter	1.2	account
se connecter	0.8	account
impossible de	0.8
impossible d'	0.8
s'ouvre plus	2	outage
jamais passé	2	delivery
pas passé	1.5	delivery
avis de passage	1.5	delivery
livré chez le voisin	2	delivery
jeté mon colis	2	delivery
s'ouvre pas	2	outage
bugs	1.2	outage
abonnement	0.8	cancellation
forfait	0.8	cancellation
désabonner	1.5	cancellation
escroquerie	1.5	fraud
frais	0.8	billing
paiement	0.8	billing
payé	0.8	billing
double prélèvement	2.5	billing
sinistre	1.2	defect
dépannage	1.5	outage
réparation	1.2	defect
technicien	0.8	defect
bug	1.2	outage
bugue	1.5	outage
plantage	1.5	outage
ça plante	1.5	outage
ca plante	1.5	outage
appli plante	2	outage
application plante	2	outage
site plante	2	outage
a planté	1.2	outage
ça rame	1	outage
ca rame	1	outage
erreur	0.8	outage
retour	0.5	refund
échange	0.5	refund

[customer]
je
j'
moi
mon
ma
mes
me
m'
nous
notre
nos
vous
votre
vos
svp
stp
s'il vous plaît
aidez moi
merci de me
jeté mon colis
merci de m'
merci de nous

# Une déception qui se répète : après un mot d'éloge seul et une virgule,
# l'éloge est ironique ("Génial, encore une panne" ; voir le README).
[irony]
encore
toujours
toujours pas
de nouveau
une fois de plus
encore une fois
comme d'hab
comme d'habitude
comme toujours

# Thanks and congratulations: read as irony when what they are for is a
# let-down ("merci Free pour cette panne", "bravo pour le retard"; see the
# README).
[thanks]
merci
mercii
merciii
bravo
félicitations
chapeau

[news]
annonce
annoncé
annoncée
selon
d'après
rapport
communiqué
enquête
article
actionnaires
bourse
chiffre d'affaires
pdg
ministre
gouvernement
licenciements
plan social
amende
condamné
condamnée
révèle
dévoile
publie
résultats
trimestre
milliards
porte parole
tribunal
info
exclusif
étude

[langid]
le
la
les
un
une
des
du
de
et
est
c'
l'
d'
j'
n'
qu'
qui
que
pour
dans
sur
avec
ce
cette
ces
mais
ou
au
aux
je
tu
il
elle
nous
vous
ils
elles
ne
pas
plus
très
trop
bien
sont
été
être
avoir
fait
faire
ça
mon
ma
mes
ton
ta
son
sa
ses
leur
leurs
notre
votre
nos
vos
quoi
comme
tout
tous
toute
aussi
encore
déjà
jamais
rien
moi
toi
oui
merci
bonjour
vraiment
même
alors
donc
car
quand
où
parce
chez
sans
après
avant
depuis
ai
avons
avez
ont
suis
sommes
était
j'ai
