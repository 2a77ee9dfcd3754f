# Function words of languages veille has no lexicon for, so that their texts
# are identified and left neutral with a reason instead of being misread as
# French or English. Hand-written for veille (see NOTICE). Words shared with
# French or English (or common in English posts: "die", "com", "dat")
# are left out.
@lang es
[langid]
el
los
las
del
una
por
para
pero
muy
está
estoy
eso
esto
también
hola
gracias
nada
porque
cuando
mucho
bueno
yo
@lang de
[langid]
der
das
und
ist
nicht
ich
sehr
aber
mit
ein
eine
auf
zu
dem
sich
auch
noch
wie
wir
habe
sind
danke
@lang it
[langid]
gli
che
sono
molto
della
questo
questa
anche
ancora
grazie
sempre
perché
cosa
ho
@lang pt
[langid]
não
uma
muito
mas
eu
isso
você
obrigado
também
está
@lang nl
[langid]
het
niet
ik
maar
zeer
ook
voor
zijn
wat
dit
geen
bedankt
