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
particulièrement	0.25
incroyablement	0.35
énormément	0.3
beaucoup	0.2
si	0.2
tout à fait	0.293
grave	0.25
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
peu

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

[complaint]
remboursement	2
remboursements	2
rembourser	2
remboursé	1.5
remboursez	2
rembourse	2
livraison	1.5
livré	1
livrée	1
livreur	1.2
colis	1.5
commande	1
commandé	1
panne	2
coupure	1.5
coupé	1
résiliation	2
résilier	2
résilié	1.5
arnaque	1.5
facture	1.5
facturé	1.5
facturation	1.5
prélèvement	1.5
prélevé	1.5
débité	1.5
compte bloqué	2.5
bloqué	1.2
bloquée	1.2
# The service desk itself is a channel, not yet a problem: below 2, so
# that "service client au top" reads as praise (see the scorer's rule).
service client	1.5
service après vente	1.5
sav	1.5
hotline	1.5
réclamation	2
plainte	1.5
litige	2
retard	1
cassé	1.5
cassée	1.5
défectueux	2
défectueuse	2
abîmé	1.5
endommagé	1.5
manquant	1.5
toujours pas	1.2
jamais reçu	2.5
pas reçu	2
rien reçu	2.5
jamais arrivé	2.5
pas arrivé	2
fonctionne pas	2
fonctionne plus	2
marche pas	2
marche plus	2
répond pas	2
ne répond	1.5
ne répondent	1.5
annulé	1.5
annulée	1.5
annulation	1.5
répondez pas	2
répondent pas	2
aucune réponse	2
sans réponse	2
sans nouvelles	1.5
injoignable	2
en attente	1.2
garantie	1.2
remplacement	1.2
dossier	0.8
mot de passe	1
connexion	1
impossible de	1.5
abonnement	1
forfait	1
désabonner	1.5
escroquerie	1.5
frais	1
paiement	1
payé	0.8
double prélèvement	2.5
sinistre	1.2
dépannage	1.5
réparation	1.2
technicien	1
bug	1.2
bugue	1.5
erreur	1
retour	0.5
échange	0.5

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
