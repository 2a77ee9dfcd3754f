# General French vocabulary with a clear polarity in any domain: nouns and
# verbs (Pattern lists adjectives only) of harm and help, loss and gain,
# threat and protection. Hand-written for veille (see NOTICE); VADER's
# -4..+4 scale, kept moderate because news uses these words to report.
@lang fr
[valence]
# Harm, threat, loss.
maladie	-1.2
maladies	-1.2
défaillance	-1.5
défaillances	-1.5
péril	-2.0
périls	-2.0
ahurissant	-1.5
ahurissante	-1.5
enfer	-2.5
# ...but "d'enfer" is praise ("une saison d'enfer", "un rythme d'enfer").
d'enfer	2.2
menace	-1.8
menacé	-1.8
menacée	-1.8
menacés	-1.8
menacées	-1.8
menacer	-1.8
disparition	-1.6
disparaître	-1.6
disparaissent	-1.6
disparu	-1.4
extinction	-2.0
danger	-1.8
en danger	-2.0
risque	-1.0
risques	-1.0
crise	-1.8
crises	-1.8
catastrophe	-2.8
catastrophes	-2.8
victime	-2.0
victimes	-2.0
mort	-2.2
morte	-2.2
mourir	-2.4
meurt	-2.4
meurent	-2.4
décès	-2.0
tuer	-2.8
tue	-2.6
tuent	-2.6
massacre	-3.0
attaque	-2.0
attentat	-3.0
terrorisme	-3.0
terroriste	-3.0
guerre	-2.5
conflit	-1.6
violence	-2.8
violences	-2.8
blessure	-2.0
souffre	-2.2
souffrent	-2.2
détruit	-2.4
détruire	-2.4
destruction	-2.4
dégâts	-2.0
dommages	-1.6
ravage	-2.2
ravages	-2.2
pollution	-2.0
polluant	-1.8
polluer	-2.0
pollue	-2.0
toxique	-2.4
toxiques	-2.4
poison	-2.4
déchets	-1.2
gaspillage	-2.0
gaspiller	-2.0
épuisement	-1.6
pénurie	-2.0
famine	-2.8
pauvreté	-2.2
misère	-2.6
chômage	-1.8
licencié	-2.0
licenciés	-2.0
faillite	-2.5
échec	-2.2
échoue	-2.0
échoué	-2.0
perte	-1.5
pertes	-1.5
perdre	-1.5
perd	-1.4
recul	-1.2
baisse	-0.8
chute	-1.4
effondrement	-2.4
s'effondre	-2.4
aggrave	-2.0
aggraver	-2.0
aggravation	-2.0
pire	-2.8
inquiète	-1.8
inquiétant	-2.0
inquiétante	-2.0
alarmant	-2.2
alarmante	-2.2
alerte	-1.2
peur	-2.0
craint	-1.6
craindre	-1.6
crainte	-1.6
scandale	-2.8
polémique	-1.4
critique	-1.0
critiqué	-1.6
critiquer	-1.4
dénonce	-1.6
dénoncer	-1.6
condamne	-1.8
accuse	-1.8
accusé	-1.8
refuse	-1.4
refusé	-1.6
refus	-1.6
rejette	-1.4
bloque	-1.4
empêche	-1.2
interdit	-1.0
punitif	-1.8
punitive	-1.8
sanction	-1.4
sanctions	-1.4
abandon	-1.6
abandonne	-1.6
abandonné	-1.8
absence	-1.0
manque	-1.4
manquer	-1.2
compromet	-1.6
compromettre	-1.6
# "nuit" alone is mostly the night ("bonne nuit"); the verb is kept in
# its phrase.
nuit à	-1.6
nuit gravement	-2.0
nuire	-2.0
nuisible	-2.2
nuisance	-2.0
nocif	-2.4
néfaste	-2.4
hélas	-1.8
malheur	-2.6
tristement	-1.8
honteusement	-2.6
mensonges	-2.2
ment	-2.0
trahison	-2.8
trahi	-2.6
vol	0
vole	-1.6
volé	-1.8
arnaques	-3.0
fraudes	-3.0
corrompu	-2.8
sceptique	-1.0
doute	-1.0
doutes	-1.0
# "sans doute" is "probably", "nul doute" "surely": no doubt is voiced.
sans doute	0
nul doute	0
sans aucun doute	0
problématique	-1.4
difficile	-1.2
difficultés	-1.6
difficulté	-1.4
souffrances	-2.4
stressant	-1.8
énerve	-2.2
agace	-1.8
déteste	-3.0
ennuie	-1.8
ennuyer	-1.6
regrettable	-2.0
lasse	-1.2
bâclé	-2.4
bâclée	-2.4
piètre	-2.2
médiocre	-2.4
raté	-2.0
ratée	-2.0
zéro	-1.2
dégoûter	-2.4
écœuré	-2.5
éviter	-1.0
évitez	-1.2
# Help, protection, gain.
solution	1.4
solutions	1.4
résoudre	1.4
résolu	1.6
protéger	1.6
protège	1.6
protégé	1.2
protégée	1.2
protection	1.4
sauver	2.0
sauve	2.0
sauvé	2.0
sauvetage	1.8
survit	1.4
survie	1.0
aide	1.2
aider	1.4
aidé	1.4
entraide	2.0
soutient	1.4
soutenir	1.4
soutenu	1.2
solidarité	2.0
partage	1.2
partager	1.2
gratuit	1.4
gratuite	1.4
gratuitement	1.2
gagner	1.6
gagne	1.6
gagnant	2.0
gain	1.4
gains	1.4
victoire	2.2
victorieux	2.4
réussir	2.0
réussit	2.0
succès	2.2
progrès	1.6
progresse	1.4
avancée	1.6
avancées	1.6
amélioration	1.4
améliorer	1.4
améliore	1.4
innovation	1.4
innovant	1.6
innovante	1.6
croissance	1.0
hausse	0.4
record	1.0
bénéfique	2.0
bénéfice	1.4
bienfaits	2.0
favorable	1.6
favoriser	1.2
encourage	1.6
encourageant	2.0
encourageante	2.0
espoir	1.6
espère	1.0
espérer	1.0
optimiste	2.0
confiance	1.6
félicite	2.4
félicitons	2.4
salue	1.6
saluer	1.4
remercie	2.0
remercier	2.0
merci	1.8
fier	1.8
fierté	2.0
plaisir	2.0
joie	2.5
heureusement	1.6
enfin	0.6
bravo	2.5
inauguration	1.0
inaugure	1.0
célèbre	1.0
célébrer	1.6
fête	1.8
festival	1.0
cadeau	2.0
offre	0.6
paix	2.0
beauté	2.2
magnifiquement	2.6
génialement	2.8
passionnant	2.4
passionnante	2.4
captivant	2.4
captivante	2.4
addictif	1.8
prenant	1.2
prenante	1.2
émouvant	2.0
émouvante	2.0
touchant	1.8
touchante	1.8
drôles	1.5
hilarante	2.5
incontournable	2.2
culte	1.8
chef d'oeuvre	3.2
chef-d'œuvre	3.2
à voir	1.2
à ne pas manquer	2.4
à ne pas rater	2.4
à ne pas louper	2.4
# As good as the best: "n'a rien à envier aux séries américaines".
rien à envier	2.0
# Laughter, not death ("mdr" spelled out).
mort de rire	2.0
morte de rire	2.0
morts de rire	2.0
mourir de rire	2.0
vaut le coup	2.0
# Judgements Pattern rates objective (subjectivity 0..0.1), which the
# importer drops with the truly objective adjectives: kept by hand.
misogyne	-2.0
trompeur	-1.5
trompeuse	-1.5
habile	1.0
raisonnable	0.8
quelconque	-0.8
inaccessible	-1.2
# Idioms built on adjectives the importer drops: "ça tourne en rond" (it
# goes round in circles), "très moyen" (mediocre; "moyen" alone is also a
# noun: "les moyens").
en rond	-1.2
très moyen	-1.5
très moyenne	-1.5
assez moyen	-1.0
assez moyenne	-1.0
