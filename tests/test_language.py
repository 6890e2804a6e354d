"""Language of a question: nl or en, also for short follow-ups."""
import pytest

from assistant.language import detect_language, stem_keys, tokens
from assistant.lexicon import Lexicon, load_lexicon, read_synonyms


@pytest.mark.parametrize("text,expected", [
    ("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl"),
    ("How many Ukrainians moved to Leiden in 2022?", "en"),
    ("Welk percentage van de Leidenaren heeft een migratieachtergrond?", "nl"),
    ("Which anniversary did Leiden celebrate with Toruń in 2023?", "en"),
    ("Wie is de burgemeester van Leiden?", "nl"),
    ("Who is the mayor of Leiden?", "en"),
    ("Wat is TISA?", "nl"),
    ("What is TISA?", "en"),
])
def test_full_questions(text, expected):
    assert detect_language(text) == expected


def test_short_dutch_followup_that_fasttext_calls_spanish():
    # fastText alone says "es" for this one
    assert detect_language("en in 2021?") == "nl"
    assert detect_language("en in 2021?", previous="en") == "nl"


def test_short_english_followup():
    assert detect_language("and in 2021?") == "en"
    assert detect_language("And 2021?", previous="nl") == "en"


def test_per_is_dutch_as_well_as_english():
    # "per" is written in both languages: an answer whose own words are mostly a Dutch
    # unit ("kg per inwoner per jaar") is Dutch (it was called English for "per")
    own = ("Volgens (2021): 171 kg per inwoner per jaar . - (2021): 171 kg per inwoner per jaar "
           "- (2022): 162 kg per inwoner per jaar -")
    assert detect_language(own, previous="nl") == "nl"
    assert detect_language("How many kilos per resident per year?") == "en"


def test_bare_name_keeps_the_conversation_language():
    # fastText alone says "it"
    assert detect_language("TISA?", previous="en") == "en"
    assert detect_language("TISA?", previous="nl") == "nl"
    assert detect_language("TISA?") == "nl"  # default: the documents' language


def test_only_nl_or_en_are_returned():
    for text in ("Bonjour, comment ça va?", "¿Cuántos ucranianos?", "2022", "", "???"):
        assert detect_language(text) in ("nl", "en")


def test_stemming_folds_diacritics_and_both_languages():
    assert stem_keys("toruń") == stem_keys("torun")
    assert "oekrain" in stem_keys("oekraïners")
    assert tokens("Leiden's Toruń-link") == ["leiden", "toruń-link"]


def test_a_dutch_stem_spelt_with_z_or_v_before_a_vowel_meets_its_s_or_f_form():
    # "grijze container" asks about what a passage calls "grijs"; "brieven" are "brief"
    assert set(stem_keys("grijze")) & set(stem_keys("grijs"))
    assert set(stem_keys("prijzen")) & set(stem_keys("prijs"))
    assert set(stem_keys("brieven")) & set(stem_keys("brief"))
    assert "grey" in load_lexicon().translate("grijze")


def test_general_dictionary_links_dutch_and_english_words():
    lex = load_lexicon()
    assert len(lex) > 10000, "FreeDict dictionaries missing: make setup installs dict-freedict-nld-eng/eng-nld"
    assert {"refuge", "refugee"} & lex.translate("vluchtelingen")
    assert "vluchtel" in lex.translate("refugees")
    assert "share" in lex.translate("aandeel")
    assert lex.split_compound("basisscholen") == ("basis", "scholen")


def test_a_word_form_translates_as_its_lemma():
    # the stems of "sterfgevallen" and "telde" are not their lemmas' ("sterfgeval",
    # "tellen"): the lemma dictionaries link them
    lex = load_lexicon()
    assert "death" in lex.translate("sterfgevallen")
    assert "count" in lex.translate("telde")
    small = Lexicon.from_entries([("sterfgeval", "death")])
    assert small.translate("sterfgevallen") == set()
    assert small.add_forms([("sterfgevallen", "sterfgeval"), ("sterfgeval", "sterfgeval"), ("ongevallen", "ongeval")]) == 1
    assert small.translate("sterfgevallen") == {"death"}
    assert small.translate("ongevallen") == set()  # its lemma has no translation
    # simplemma writes a separable verb's lemma with its particle marked ("uit_voeren"):
    # the dictionary's word is "uitvoeren"
    verb = Lexicon.from_entries([("uitvoeren", "perform")])
    assert verb.add_forms([("uitgevoerd", "uit_voeren")]) == 1
    assert "perform" in verb.translate("uitgevoerd")
    assert "perform" in load_lexicon().translate("uitgevoerd")


def test_synonyms_file_adds_a_deployment_s_own_terms(tmp_path):
    f = tmp_path / "synonyms.txt"
    f.write_text("# waste\nafvalstoffenheffing, waste levy\n\nmilieustraat, recycling centre\n", encoding="utf-8")
    groups = read_synonyms(f)
    assert groups == [["afvalstoffenheffing", "waste levy"], ["milieustraat", "recycling centre"]]
    lex = Lexicon.from_entries([], groups)
    assert "levi" in lex.translate("afvalstoffenheffing") and "milieustrat" in lex.translate("recycling")
    assert read_synonyms(tmp_path / "missing.txt") == []


def test_a_phrase_translation_links_the_word_spelled_like_the_headword():
    # "Italian" -> "Italiaanse taal" (Italian language): the headword is "Italiaanse",
    # "taal" says what kind of thing it is, and is no translation of "Italian"
    lex = Lexicon.from_entries([("italian", "italiaanse taal"), ("buitenland", "foreign country")])
    assert "italiaan" in lex.translate("italian") and "taal" not in lex.translate("italian")
    assert "italian" not in lex.translate("taal")
    # no word of the phrase spelled like the headword: every content word is linked
    assert {"foreign", "countri"} <= lex.translate("buitenland")
    # the installed dictionary: the Dutch plural of the name of the people finds no "taal"
    assert "taal" not in load_lexicon().translate("italianen")


def test_a_stem_that_cuts_off_most_of_a_word_keys_no_translation():
    # the English stemmer takes "international" and "internal" both to "intern"; the
    # translations of "internal" are not those of "international"
    lex = Lexicon.from_entries([("binnenlands", "internal"), ("internationaal", "international")])
    assert "binnenland" in lex.translate("internal")
    assert "binnenland" not in lex.translate("international")
    assert "internationa" in lex.translate("internationals")
    assert not {"binnenland", "inner"} & load_lexicon().translate("internationals")


def test_a_word_of_a_phrase_translation_keeps_its_own_translations():
    # "bejaardentehuis" -> "old people's home": "people" has a translation of its own
    lex = Lexicon.from_entries([("bejaardentehuis", "old people's home"), ("mensen", "people")])
    assert {"peopl", "home"} <= lex.translate("bejaardentehuis")
    assert "mens" in lex.translate("people") and not {"bejaardentehui", "bejaardentehuis"} & lex.translate("people")
    # ... "home" has none: it is linked back to the word the phrase translates
    assert "bejaardentehui" in lex.translate("home")
    # the installed dictionary
    assert not {"bejaardentehui", "bejaardentehuis"} & load_lexicon().translate("people")


def test_a_stop_word_is_no_translation():
    # "per" -> "a" ("twice a day"): "a" is in nearly every English passage
    lex = Lexicon.from_entries([("per", "a"), ("veel", "many"), ("per", "apiece")])
    assert "a" not in lex.translate("per") and "apiec" in lex.translate("per")
    assert lex.translate("many") == set() and lex.translate("a") == set()
    assert "a" not in load_lexicon().translate("per")


def test_a_word_without_near_words_takes_its_mutual_nearest_one():
    import numpy as np

    from assistant.termvec import MIN_SIMILARITY, MUTUAL_SIMILARITY, TermVectors

    def unit(*v):
        v = np.array(v, dtype=np.float32)
        return v / np.linalg.norm(v)

    # "geboorten" is nearest to the question's "babies" (0.68 < MIN_SIMILARITY), and no
    # other document word is nearer to "geboorten" than that; "inwoners" is as near to
    # "residents" as to "bewoners", which is nearer to it: not mutual
    words = ["geboorten", "gemeente", "inwoners", "bewoners"]
    m = np.stack([unit(1, 0, 0, 0, 0), unit(0, 1, 0, 0, 0), unit(0, 0, 1, 0, 0), unit(0, 0, 0.96, 0.28, 0)])
    asked = {"babies": unit(0.68, 0, 0, 0, 0.733), "residents": unit(0, 0, 0.68, -0.2, 0.705),
             "mayor": unit(0.5, 0.3, 0, 0, 0.81)}
    tv = TermVectors(words, m, lambda ws: np.stack([asked[w] for w in ws]))
    assert MUTUAL_SIMILARITY <= float(m[0] @ asked["babies"]) < MIN_SIMILARITY
    assert tv.translate("babies") == frozenset({"geboort", "geboorten"})
    assert MUTUAL_SIMILARITY <= float(m[2] @ asked["residents"]) < MIN_SIMILARITY
    assert tv.translate("residents") == frozenset()
    assert tv.translate("mayor") == frozenset()   # nothing near enough
    # a word the documents use takes no mutual nearest word: it would be its sibling
    sides = TermVectors(["north", "south"], np.stack([unit(1, 0), unit(0.68, 0.733)]), lambda ws: None)
    assert sides.translate("north") == frozenset()


def test_a_word_and_its_negation_are_near_but_no_translation():
    import numpy as np

    from assistant.termvec import TermVectors

    words = ["employment", "jobs", "werkloosheid"]
    m = np.array([[1.0, 0.0, 0.0], [0.9, 0.43, 0.0], [0.8, 0.0, 0.6]], dtype=np.float32)
    tv = TermVectors(words, m, lambda ws: np.array([[0.99, 0.1, 0.1]] * len(ws), dtype=np.float32),
                     min_similarity=0.5)
    near = tv.translate("unemployment")
    assert "employ" not in near and "employment" not in near   # its opposite
    assert "job" in near and "werkloosheid" in near


def test_a_form_whose_stem_is_another_words_translates_as_its_lemma():
    # "steden" (plural of "stad") stems as "steeds" (always) does
    lex = Lexicon.from_entries([("stad", "city"), ("steeds", "always"), ("zuster", "sister")])
    assert "alway" in lex.translate("steden")            # the stem's other word
    lex.add_forms([("steden", "stad")])
    assert lex.translate("steden") == lex.translate("stad")
    assert lex.split_compound("zustersteden") == ("zuster", "steden")
    both = lex.translate("zustersteden")
    assert "city" in both and "sister" in both and "alway" not in both


def test_a_word_the_dictionary_lacks_translates_as_its_cognate():
    # "migratie" is no headword; "migration" is, with the ending of the same suffix
    lex = Lexicon.from_entries([("rondreizen", "migration"), ("achtergrond", "background"),
                                ("nationaliteit", "nationality"), ("politie", "police")])
    assert lex.cognates("migratie") == ("migration",)
    assert "migration" in lex.translate("migratie")
    assert "nationaliteit" in lex.cognates("nationalities")       # a plural, the other way
    # a compound part known only as a cognate splits and translates ("migratie" + "achtergrond")
    assert lex.split_compound("migratieachtergrond") == ("migratie", "achtergrond")
    assert {"migration", "background"} <= lex.translate("migratieachtergrond")
    # a word the dictionary has keeps its own translations ("politie" is no "polity")
    assert lex.cognates("politie") == () and lex.translate("politie") == {"polic"}
    assert Lexicon.from_entries([("a", "b")]).cognates("migratie") == ()   # nothing to link to
    # the installed dictionary
    full = load_lexicon()
    assert "migration" in full.translate("migratie") and "integration" in full.translate("integratie")


def test_a_word_nothing_translates_matches_its_cognate_in_the_documents():
    from assistant.question import TermStats, analyze

    stats = TermStats(["Het centrum heeft een capaciteit van 400 plaatsen.", "De gemeente telt 130.000 inwoners."])
    q = analyze("What is the capacity of the centre?", "en", stats, Lexicon.from_entries([]))
    assert set(stem_keys("capaciteit")) & q.trans["capacity"]
    # a word the documents use as it is gets nothing added
    assert not analyze("Wat is de capaciteit?", "nl", stats, Lexicon.from_entries([])).trans["capaciteit"]


def test_a_word_nothing_translates_in_the_documents_matches_a_word_its_translation_means():
    from assistant.question import TermStats, analyze

    lex = Lexicon.from_entries([("afnemen", "fall"), ("afnemen", "decline"), ("inwoner", "inhabitant")])
    assert "declin" in lex.back_translate("fall") and "fall" not in lex.back_translate("fall")
    stats = TermStats(["Population decline during 2020: 1022 persons.", "Inhabitants on 1 January 2021."])
    q = analyze("How much did the number of inhabitants fall in 2020?", "en", stats, lex)
    assert set(stem_keys("decline")) & q.trans["fall"]
    # a guess two steps away matches, but neither widens the search nor weighs as a known word
    assert set(stem_keys("decline")) & q.guessed["fall"]
    assert q.weights["fall"] > q.weights["inhabitants"]
    # a word the documents use, or one whose translation they use, gets nothing more
    assert not set(stem_keys("decline")) & analyze("Did the population fall?", "en",
                                                   TermStats(["The fall of the population."]), lex).trans["fall"]
    assert not set(stem_keys("decline")) & analyze("Did the population fall?", "en",
                                                   TermStats(["De bevolking bleef afnemen."]), lex).trans["fall"]


def test_a_misspelt_word_matches_the_document_word_spelled_almost_as_it():
    from assistant.question import TermStats, analyze

    lex = Lexicon.from_entries([("inwoner", "inhabitant")])
    stats = TermStats(["Inhabitants on 1 January 2021: 124096.", "Het aantal inwoners steeg.",
                       "Employment grew by 3%."])
    q = analyze("Hoeveel inwonres had de stad in 2021?", "nl", stats, lex)
    assert set(stem_keys("inwoners")) & q.trans["inwonres"]
    assert set(stem_keys("inhabitants")) & q.trans["inwonres"]   # and what that word translates to
    # a negation is no misspelling, nor is a short word
    assert not set(stem_keys("employment")) & analyze("How high is unemployment?", "en", stats, lex).trans["unemployment"]
    assert stats.spelled_alike("inwon") == set()


def test_a_dutch_verb_written_in_two_is_asked_as_one_word():
    from assistant.question import TermStats, analyze

    lex = Lexicon.from_entries([("inzetten", "deploy"), ("zetten", "put"), ("vaststellen", "establish"),
                                ("stellen", "put"), ("optrekken", "accelerate"), ("opmeten", "measure"),
                                ("trekken", "pull"), ("inwonen", "lodge"), ("wonen", "live")])
    lex.add_forms([("stelde", "stellen"), ("vastgesteld", "vaststellen"), ("trekt", "trekken")])
    stats = TermStats(["De visie is vastgesteld door de raad.", "Inzetten op onderwijs en sport.",
                       "Samen optrekken met partners.", "Veel mensen wonen in Leiden."])
    # "zet ... in" (the particle before a preposition) is "inzetten", as the documents write it
    q = analyze("Op welke terreinen zet de gemeente in op sport?", "nl", stats, lex)
    assert "zet" not in q.terms and "ingezet" in q.keys["inzet"]
    assert "deploy" in q.trans["inzet"]  # (and it is translated as one word)
    # a strong or irregular participle is found through the word forms ("vastgesteld")
    q = analyze("Wie stelde de visie vast?", "nl", stats, lex)
    assert "vast" not in q.terms and "vastgesteld" in q.keys["vaststellen"]
    # the verb is the first word before the particle that makes one with it, a stop word not
    # ("met" and "op" would make "opmeten")
    assert "optrekken" in analyze("Met wie trekt de gemeente op?", "nl", stats, lex).terms
    # a preposition with its object is no particle ("in Leiden" is not "inwonen"), nor is a
    # word of an English question
    assert "wonen" in analyze("Hoeveel mensen wonen in Leiden?", "nl", stats, lex).terms
    assert "zet" in analyze("Which areas does the city zet in?", "en", stats, lex).terms


def test_dutch_van_is_a_direction_only_with_one_to_go_to():
    from assistant.language import direction_pairs

    # "van" is mostly "of": no movement is read into "de opdrachtgever van het onderzoek"
    assert direction_pairs("Wie was de opdrachtgever van het onderzoek?") == ()
    assert ("from", "leiden") in direction_pairs("Hoeveel mensen verhuisden van Leiden naar Delft?")
    assert ("from", "buitenland") in direction_pairs("Hoeveel mensen kwamen vanuit het buitenland?")


def test_a_compound_s_first_part_is_written_whole_with_the_head_of_the_next():
    from assistant.question import TermStats, analyze

    stats = TermStats(["€ 298,75 voor een eenpersoonshuishouden en € 372,75 voor een meerpersoonshuishouden."])
    q = analyze("Wat betalen eenpersoons- en meerpersoonshuishoudens?", "nl", stats)
    assert "eenpersoonshuishoudens" in q.terms and "eenpersoons" not in q.terms
    # a part that no ending of the next word makes a known word stays as it is
    assert "pre" in analyze("pre- and post-war figures", "en", stats).text
    # "the difference between A and B" sets A and B side by side; it names no attribute
    q = analyze("Wat is het verschil in heffing tussen een eenpersoons- en een meerpersoonshuishouden?", "nl", stats)
    assert q.compare and q.difference and q.attribute is None


def test_another_thing_than_names_which_one_and_compares_nothing():
    from assistant.question import analyze

    # "another language than Dutch" says which language, as "other than Dutch" does
    for text, lang in (("What percentage of residents speak another language than Dutch at home?", "en"),
                       ("Bij hoeveel inwoners wordt thuis een andere taal dan Nederlands gesproken?", "nl"),
                       ("How many residents speak a language other than Dutch?", "en")):
        assert not analyze(text, lang).compare, text
    assert analyze("Is the share higher than in 2020?", "en").compare
    assert analyze("Kwamen er meer mensen dan in 2020?", "nl").compare


def test_what_was_changed_asks_what_the_change_was_not_how_much():
    from assistant.question import analyze

    for text, lang in (("What was changed in version 2.1 of the report?", "en"),
                       ("Wat is er gewijzigd in versie 2.1?", "nl")):
        q = analyze(text, lang)
        assert not (q.difference or q.trend or q.compare) and "2.1" in q.numbers, text
    # a change of a figure over years is still a difference
    assert analyze("What changed in the share between 2020 and 2023?", "en").difference
    assert analyze("How has the share changed since 2019?", "en").difference


def test_a_question_without_capitals_names_what_the_documents_write_as_a_name():
    from assistant.question import TermStats, analyze

    stats = TermStats(["The school TISA opened in 2022 with 40 pupils.", "Pupils of TISA come from Leiden.",
                       "Most pupils live in Leiden or in the international region."])
    # typed without capitals, the names are the words the documents write as names
    q = analyze("how many pupils does tisa have in leiden?", "en", stats)
    assert q.names == {"tisa", "leiden"}
    # written with capitals, the question's own capitals say it, as before
    assert analyze("How many pupils does TISA have?", "en", stats).names == {"tisa"}
    # a word the documents write in lower case (or only at a sentence's start) is none
    assert "pupils" not in q.names and "international" not in analyze("how many international pupils?", "en",
                                                                       stats).names


def test_the_forms_of_a_dutch_stop_word_are_stop_words_too():
    from assistant.language import content_tokens

    # "werden", "hadden" are forms of "worden", "hebben": grammar, not what is asked
    assert content_tokens("Hoeveel succescriteria werden in totaal getest?") == ["succescriteria", "totaal", "getest"]
    assert "hadden" not in content_tokens("Hoeveel inwoners hadden een migratieachtergrond?")
    # a verb of content keeps its forms ("studeerden")
    assert "studeerden" in content_tokens("Hoeveel studenten studeerden er in Leiden?")


def test_a_few_words_typed_as_a_search_are_read_in_the_language_whose_dictionary_knows_them():
    # fastText is unsure of two or three words; the words each language's dictionary
    # (simplemma's) knows decide when they clearly differ
    assert detect_language("bulky waste") == "en"
    assert detect_language("international students 2023", previous="nl") == "en"
    assert detect_language("afvalpas kosten", previous="en") == "nl"
    # one word alone, or words both languages know alike, keep the conversation's language
    assert detect_language("Leiden", previous="en") == "en"
    assert detect_language("population leiden 2024", previous="en") == "en"
