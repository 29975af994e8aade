/**
 * French first and last names for demo people, with rough frequency weights (more common names come up
 * more often). Invented combinations only: no real person is described.
 */
import { parseTextList } from "./text-list";

/** `[name, weight]` pairs; the weights are relative frequencies across generations. */
type WeightedNames = readonly (readonly [string, number])[];

/** A list written « Marie 9, Nathalie 6, Da Silva 4 »: each name, then its weight. */
function weightedNames(list: string): WeightedNames {
  return parseTextList(list, /^(.+) (\d+)$/, ([, name = "", weight]) => [name, Number(weight)] as const);
}

export const FEMALE_FIRST_NAMES = weightedNames(`
  Marie 9, Nathalie 6, Isabelle 6, Sylvie 5, Catherine 5, Sandrine 5, Stéphanie 5, Céline 5, Aurélie 5, Julie 6,
  Émilie 5, Laura 5, Camille 6, Manon 5, Léa 5, Chloé 5, Sarah 5, Pauline 4, Marine 4, Audrey 4, Virginie 4,
  Christine 4, Valérie 4, Sophie 5, Caroline 4, Élodie 4, Mélanie 4, Laetitia 3, Karine 3, Delphine 3, Anaïs 4,
  Océane 4, Inès 4, Emma 3, Jade 3, Louise 2, Clara 3, Mathilde 3, Lucie 3, Justine 3, Morgane 3, Charlotte 3,
  Amandine 3, Jessica 3, Fatima 3, Nadia 3, Samira 2, Yasmine 2, Amina 2, Aïcha 2, Leïla 2, Myriam 2, Kenza 2,
  Mariam 2, Fatou 2, Aminata 2, Awa 1, Ana 1, Maria 2, Sonia 2, Patricia 3, Martine 3, Brigitte 2, Corinne 3,
  Véronique 3, Florence 3, Agnès 2, Hélène 3, Claire 3, Anne 4, Gaëlle 2, Coralie 2, Alexandra 2, Estelle 2, Noémie 2,
  Margaux 2, Élise 2, Alice 2, Zoé 2, Lina 2, Eva 2, Maëlle 1
`);

export const MALE_FIRST_NAMES = weightedNames(`
  Thomas 7, Nicolas 7, Julien 6, Sébastien 5, Alexandre 5, Maxime 5, Kevin 5, Anthony 5, Romain 5, Guillaume 5,
  Jérôme 4, Christophe 5, Stéphane 5, Frédéric 4, David 5, Laurent 5, Olivier 4, Philippe 4, Pascal 4, Éric 4,
  Patrick 4, Thierry 3, Franck 3, Cédric 3, Mickaël 3, Jonathan 4, Florian 4, Quentin 4, Hugo 4, Lucas 5, Théo 4,
  Nathan 4, Enzo 3, Louis 3, Antoine 4, Benjamin 3, Vincent 4, Jean 3, Pierre 4, Paul 2, Arnaud 3, Damien 3, Fabien 3,
  Ludovic 3, Mohamed 4, Karim 3, Mehdi 3, Rachid 2, Youssef 3, Samir 2, Bilal 2, Ibrahim 2, Moussa 2, Mamadou 2,
  Abdoulaye 1, Ousmane 1, José 2, Manuel 2, Rui 1, Adrien 3, Clément 3, Dylan 3, Jordan 3, Loïc 3, Yannick 3, Gaël 2,
  Bruno 3, Didier 3, Alain 3, Michel 3, Gilles 2, Hervé 2, Mathieu 4, Baptiste 3, Valentin 3, Axel 2, Tom 2, Noah 2,
  Rayan 2, Yanis 2, Adam 2, Killian 2, Corentin 2
`);

export const LAST_NAMES = weightedNames(`
  Martin 20, Bernard 12, Dubois 11, Thomas 11, Robert 10, Richard 10, Petit 10, Durand 10, Leroy 9, Moreau 9, Simon 9,
  Laurent 9, Lefebvre 9, Michel 9, Garcia 8, David 8, Bertrand 8, Roux 8, Vincent 8, Fournier 8, Morel 8, Girard 7,
  André 7, Lefèvre 7, Mercier 7, Dupont 7, Lambert 7, Bonnet 7, François 7, Martinez 7, Legrand 6, Garnier 6, Faure 6,
  Rousseau 6, Blanc 6, Guérin 6, Muller 6, Henry 6, Roussel 6, Nicolas 6, Perrin 6, Morin 6, Mathieu 6, Clément 6,
  Gauthier 6, Dumont 6, Lopez 6, Fontaine 6, Chevalier 6, Robin 6, Masson 5, Sanchez 5, Gérard 5, Nguyen 5, Boyer 5,
  Denis 5, Lemaire 5, Duval 6, Joly 5, Gautier 5, Roger 5, Roche 5, Roy 5, Noël 5, Meyer 5, Lucas 5, Meunier 5,
  Jean 5, Perez 5, Marchand 5, Dufour 5, Blanchard 5, Marie 5, Barbier 5, Brun 5, Dumas 5, Brunet 5, Schmitt 4,
  Leroux 5, Colin 5, Fernandez 4, Pierre 4, Renard 4, Arnaud 4, Rolland 4, Caron 5, Aubert 4, Giraud 4, Leclerc 4,
  Vidal 4, Bourgeois 4, Renaud 4, Lemoine 4, Picard 5, Gaillard 4, Philippe 4, Leclercq 4, Lacroix 4, Fabre 4,
  Dupuis 4, Olivier 4, Rodriguez 4, Da Silva 4, Hubert 4, Louis 4, Charles 4, Guillot 3, Rivière 3, Le Gall 3,
  Guillaume 4, Adam 3, Rey 3, Moulin 3, Gonzalez 3, Berger 3, Lecomte 4, Ménard 3, Fleury 3, Deschamps 3,
  Carpentier 3, Julien 3, Benoît 3, Paris 3, Maillard 3, Marchal 3, Aubry 3, Vasseur 4, Le Roux 3, Renault 3,
  Jacquet 3, Collet 3, Prévost 3, Poirier 3, Charpentier 3, Royer 3, Huet 3, Baron 3, Dupuy 3, Pons 2, Paul 3,
  Laine 3, Carré 3, Breton 3, Rémy 2, Schneider 2, Perrot 2, Guyot 2, Barre 2, Marty 2, Cousin 3, Lebrun 3, Lesage 3,
  Lemonnier 4, Lecoq 3, Letellier 3, Hébert 3, Lefrançois 3, Delamare 3, Quesnel 3, Lecanu 2, Duboc 2, Hauchecorne 2,
  Benali 3, Haddad 2, Mansouri 2, Belkacem 2, Bouzid 2, Cherif 2, Amrani 2, Diallo 3, Traoré 3, Diop 2, Camara 2,
  Keita 2, Ferreira 3, Pereira 3, Santos 3, Rodrigues 3, Oliveira 2, Tran 2, Pham 1, Yilmaz 2, Kaya 1
`);

/** Family names frequent in La Réunion. */
export const REUNION_LAST_NAMES = weightedNames(`
  Payet 20, Hoarau 14, Grondin 12, Fontaine 10, Técher 9, Boyer 9, Rivière 8, Robert 8, Maillot 8, Nativel 7, Lebon 7,
  Dijoux 7, Hoareau 7, Turpin 6, Clain 6, Lauret 6, Mussard 6, Ethève 5, Huet 5, Sautron 5, Baillif 5, Lallemand 5,
  Morel 5, Damour 5, Cadet 5, Gonthier 4, Vitry 4, Bègue 4, Ramassamy 4, Moutoussamy 4, Pounoussamy 3, Virapoullé 3,
  Rangassamy 3, Ah-Hot 3, Ah-Pine 2, Law-Yen 2, Chane-Kune 2, Patel 3, Ismaël 3, Omarjee 2, Badat 2, Nassibou 2,
  Mahamoud 2, Said 2, Assoumani 2, Thémyr 2, Dalleau 3, Bénard 3
`);
