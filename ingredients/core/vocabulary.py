"""The controlled vocabularies of the catalogue: evidence levels, routes and kinds.

Kept free of any database import so that option parsing and completion can use
them without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceLevel:
    rank: int
    label: str
    meaning: str


# Ordinal: a higher rank is stronger evidence. Rank 0 is a searched-for absence,
# which is information in itself and so is stored, not left blank.
EVIDENCE_LEVELS: tuple[EvidenceLevel, ...] = (
    EvidenceLevel(0, "none-found", "searched for, no study found for this use and route"),
    EvidenceLevel(1, "claim-only", "asserted by an article, clinic or maker with no published data"),
    EvidenceLevel(2, "preclinical", "in-vitro, ex-vivo or animal data only"),
    EvidenceLevel(3, "uncontrolled", "small or uncontrolled human study, case series"),
    EvidenceLevel(4, "rct", "at least one randomized controlled trial"),
    EvidenceLevel(5, "systematic-review", "systematic review or meta-analysis of controlled trials"),
    EvidenceLevel(6, "approved", "approved by a drug regulator for this use and route"),
)

LEVEL_BY_LABEL: dict[str, EvidenceLevel] = {level.label: level for level in EVIDENCE_LEVELS}
LEVEL_BY_RANK: dict[int, EvidenceLevel] = {level.rank: level for level in EVIDENCE_LEVELS}

ROUTES: dict[str, str] = {
    "intradermal": "injected into the skin: mesotherapy, microinjection, microinfusion",
    "topical": "applied to the skin or scalp",
    "oral": "taken by mouth",
    "parenteral": "injected, other than intradermally (intramuscular, intravenous)",
    "in-vitro": "cells, tissue or organ culture, ex-vivo or animal",
    "any": "not tied to one route",
}

# In the order an entry presents them.
STATEMENT_KINDS: dict[str, str] = {
    "purpose": "what a source says the ingredient is for: a claim, not a finding",
    "evidence": "what studies found",
    "mechanism": "how it is thought to act",
    "safety": "adverse effects, contraindications, toxicity",
    "regulatory": "approvals, restrictions, labelling duties, withdrawals",
}

# The direction of what the studies behind an evidence statement found. A grade
# says how strong the evidence is; the finding says which way it points.
FINDINGS: dict[str, str] = {
    "benefit": "the studies found the ingredient helped",
    "no-benefit": "the studies found no benefit over the control",
    "mixed": "the studies disagree, or found benefit on some measures only",
    "harm": "the studies found it did more harm than good",
    "unclear": "no result either way: no study found, or none that reports the outcome",
}

# What one assertion of an article's claim asserts: each kind is judged by its own rule
# (ingredients.core.claim_rules). A claim holding several assertions is stored as several.
ASSERTION_KINDS: dict[str, str] = {
    "efficacy": "it works for hair loss (grows hair, slows loss, treats a condition)",
    "mechanism": "how it works (blood flow, DHT, collagen ...)",
    "safety": "no or mild side effects, a low risk",
    "tolerability": "painless, no anaesthesia needed, only mild discomfort",
    "recovery": "no downtime, a quick recovery, no dressing, back to daily life at once",
    "harmless": "no complications, completely safe, no side effects at all",
    "concession": "a harm the article itself concedes (soreness, bruising, rare complications)",
    "rate": "a number: a success rate, a percentage gain",
    "durability": "the result is permanent or lasting",
    "regulatory": "approved or legal",
    "suitability": "who it is for: women, everyone, the general population",
    "caveat": "a limit the article itself concedes (too little research, results vary): shown, not judged",
    "practice": "how it is given (sessions, preparation, cost): shown, not judged",
}
# A user's claim stored before assertions had kinds asserts this unless its author says otherwise.
DEFAULT_ASSERTION = "efficacy"

# What harm a safety statement reports, so that a claim of safety, suitability or
# tolerability can be judged against it. Not every safety statement reports one.
HARMS: dict[str, str] = {
    "restricted-group": "a label or regulator says a group (pregnancy, women, children) must not use or "
    "handle it, or that it is for one group only",
    "warning": "a label or regulator warns of a serious risk, or restricts or withdraws the product",
    "excess-harm": "a controlled study found more adverse effects than its control",
    "no-excess-harm": "a controlled study found no more adverse effects than its control",
    "adverse-events": "a study, series, review or case report describes adverse effects, without a control",
    "pain": "the injections hurt: a study reports pain, with the share of patients where it gives one",
}

# The words a finding is shown with beside a grade ("rct, no benefit").
FINDING_WORDS: dict[str, str] = {finding: finding.replace("-", " ") for finding in FINDINGS}

# Who a study was of. Evidence is graded per condition: a study of alopecia areata
# never raises the grade for pattern hair loss.
CONDITIONS: dict[str, str] = {
    "androgenetic-alopecia": "pattern hair loss, male or female",
    "alopecia-areata": "patchy autoimmune hair loss",
    "telogen-effluvium": "diffuse shedding after a trigger",
    "chemotherapy-induced-alopecia": "hair loss from cancer treatment",
    "other-hair-loss": "another hair or scalp condition",
    "healthy-volunteers": "people without hair loss",
    "not-hair-loss": "trials for another use (blood pressure, the prostate ...)",
    "mixed": "a population of several conditions, or a review pooling them",
    "unknown": "the source does not say",
}
# How the two conditions that are not one condition read beside a grade.
CONDITION_WORDS: dict[str, str] = {"mixed": "mixed conditions", "unknown": "condition unknown"}
# The condition every grade is computed for unless the reader asks for another.
DEFAULT_CONDITION = "androgenetic-alopecia"
# Counted only when the reader asks for every condition (`--condition any`).
ANY_CONDITION_ONLY = ("mixed", "unknown")

SEXES: dict[str, str] = {
    "male": "men only",
    "female": "women only",
    "both": "men and women",
    "unknown": "not reported",
}

COMPARATORS: dict[str, str] = {
    "placebo": "vehicle or saline",
    "active": "another treatment (the text says which)",
    "untreated": "no treatment",
    "none": "single-arm: no comparison group",
    "not-applicable": "no study (none found, a claim, a regulator's decision) or preclinical work",
}

# Risk of bias, per controlled study or review: how far its design protects the result.
RANDOMISED: dict[str, str] = {
    "yes": "participants (or scalp sides) were assigned at random",
    "no": "assigned by the investigators, by choice or in sequence",
    "unknown": "the source does not say",
}
BLINDING: dict[str, str] = {
    "none": "open: everyone knew who got what",
    "single": "one party (participants or assessors) did not know",
    "double": "participants and assessors did not know",
    "triple": "participants, investigators and analysts did not know",
    "unknown": "the source does not say",
}
# What the treated arm was compared with, finer than the comparator: a saline injection
# controls for the needling; an untreated scalp side controls for nothing given. Each
# control is a kind of one comparator, so the two never disagree: (control, comparator, meaning).
_CONTROL_TABLE: tuple[tuple[str, str, str], ...] = (
    ("placebo", "placebo", "an inactive look-alike"),
    ("saline", "placebo", "saline injected the same way"),
    ("vehicle", "placebo", "the product's base without the active ingredient"),
    ("active", "active", "another treatment"),
    ("untreated-side", "untreated", "the other half of the scalp, left untreated"),
    ("none", "none", "no control group"),
)
CONTROLS: dict[str, str] = {control: meaning for control, _, meaning in _CONTROL_TABLE}
COMPARATOR_OF_CONTROL: dict[str, str] = {control: comparator for control, comparator, _ in _CONTROL_TABLE}
# For a review: whether it reports a result for this agent by this route, or is context only.
REPORTS_AGENT_RESULT: dict[str, str] = {
    "yes": "it gives a pooled or per-trial result for this agent and route",
    "no": "it names the agent or route but gives no result for them",
    "unknown": "what was read does not say",
}

OUTCOMES: dict[str, str] = {
    "terminal-hair-count": "terminal hairs counted in a marked area",
    "total-hair-count": "all hairs counted in a marked area",
    "hair-density": "hairs per area, by phototrichogram or trichoscopy",
    "hair-diameter": "shaft thickness",
    "anagen-telogen-ratio": "growing against resting hairs",
    "global-photographic-assessment": "standardised photographs rated by experts",
    "investigator-assessment": "the investigators' rating",
    "patient-assessment": "the participants' own rating",
    "hair-loss-count": "hairs shed or pulled",
    "other": "another outcome (the text says which)",
}

# Units an effect is reported in.
EFFECT_UNITS: dict[str, str] = {
    "hairs/cm2": "hairs per square centimetre",
    "hairs": "hairs counted in the study's area",
    "%": "per cent (of a count, a ratio, or of people responding)",
    "ratio": "a risk or odds ratio (no unit)",
    "um": "micrometres (hair diameter)",
    "points": "points on a rating scale",
}

EFFECT_KINDS: dict[str, str] = {
    "difference-vs-comparator": "treated arm minus comparator arm",
    "change-from-baseline": "treated arm, end minus start",
    "ratio-vs-comparator": "treated arm over comparator arm (risk or odds ratio)",
}

# GRADE certainty, where a systematic review or guideline states it.
CERTAINTIES: dict[str, str] = {
    "high": "further research is very unlikely to change the estimate",
    "moderate": "further research is likely to have an important impact",
    "low": "further research is very likely to change the estimate",
    "very-low": "any estimate is very uncertain",
}

# What an ingredient is, as a controlled list: `list --class` filters on it.
# The free-text detail beside it says more (for example the chemical family).
INGREDIENT_CLASSES: dict[str, str] = {
    "5-alpha-reductase-inhibitor": "blocks the enzyme that makes dihydrotestosterone (DHT)",
    "vasodilator": "widens blood vessels",
    "vitamin": "a vitamin or a form of one",
    "peptide": "a short chain of amino acids, often a cosmetic signal peptide",
    "growth-factor-or-cell-derived": "growth factors, conditioned media, exosomes, cell products",
    "autologous-blood-product": "prepared from the patient's own blood, such as platelet-rich plasma",
    "neurotoxin": "a toxin acting on nerves, such as botulinum toxin",
    "local-anaesthetic": "numbs the skin for the injections",
    "corticosteroid": "an anti-inflammatory steroid",
    "glycosaminoglycan": "hyaluronic acid and its salts",
    "nucleic-acid": "polynucleotides and DNA fragments",
    "plant-extract": "an extract of a whole plant or plant part",
    "plant-compound": "a single compound found in plants",
    "amino-acid": "an amino acid",
    "mineral": "a mineral element or its compounds",
    "methylxanthine": "caffeine and its relatives",
    "antioxidant": "an antioxidant not covered above",
    "other": "none of the above",
}

# Kinds that must carry an evidence level: a purpose claim is graded for what
# it is, so the reader sees at once how much stands behind it.
GRADED_KINDS = frozenset({"purpose", "evidence"})

ALIAS_KINDS: dict[str, str] = {
    "synonym": "another name for the same substance",
    "trade-name": "a brand or product name",
    "misspelling": "a spelling found in a source article",
    "code": "a research or registry code",
}

SOURCE_KINDS: dict[str, str] = {
    "article": "a popular article (one of the source articles the catalogue grew from)",
    "paper": "a study in a journal",
    "review": "a systematic or narrative review",
    "regulatory": "a regulator's document, drug label or legal text",
    "manufacturer": "material from the ingredient's maker or seller",
    "reference": "a reference work or database entry",
    "web": "another web page",
}

ORIGINS = ("seed", "user")

# Units a concentration or dose is stated in.
STRENGTH_UNITS: dict[str, str] = {
    "%": "per cent (w/v or w/w, as the source states)",
    "mg/ml": "milligrams per millilitre",
    "µg/ml": "micrograms per millilitre",
    "mg": "milligrams per dose or session",
    "U": "units per session (botulinum toxins)",
    "mg/kg": "milligrams per kilogram of body weight",
}

# Whether a strength is one that trials used or one a regulator authorised.
STRENGTH_BASES: dict[str, str] = {
    "studied": "used in a published study",
    "approved": "authorised by a regulator",
}

FORMULATION_KINDS: dict[str, str] = {
    "injectable": "injected (mesotherapy cocktails, trial solutions)",
    "topical": "applied to the scalp",
    "oral": "taken by mouth",
}

# Who declared what a formulation contains.
DECLARERS: dict[str, str] = {
    "label": "the official label or product information",
    "maker": "the maker's own leaflet or site",
    "trial authors": "the published trial or its registration",
    "user": "the person who added it",
}

# What an excipient (a substance that is not an active ingredient) does in a product.
EXCIPIENT_CATEGORIES: dict[str, str] = {
    "solvent": "dissolves the actives (water, alcohol, propylene glycol)",
    "vehicle": "the bulk the product is made of",
    "humectant": "holds water (glycerin)",
    "emollient": "softens and smooths the skin (fatty alcohols, oils, esters)",
    "preservative": "keeps microbes out (parabens, phenoxyethanol, benzyl alcohol)",
    "antioxidant": "keeps ingredients from oxidising (BHT, tocopherol)",
    "buffer": "holds the pH (citrate, phosphate)",
    "ph-adjuster": "sets the pH (sodium hydroxide, hydrochloric acid)",
    "thickener": "makes it thicker (carbomer, cellulose gums)",
    "surfactant": "cleans or foams",
    "emulsifier": "keeps oil and water mixed",
    "propellant": "a gas that drives a foam or spray out of its can",
    "chelator": "binds metal ions (EDTA)",
    "fragrance": "perfume",
    "colorant": "colour",
    "conditioning": "conditions the hair or skin",
    "tonicity": "makes an injection isotonic (sodium chloride)",
    "other": "none of the above",
}
# Whether an excipient belongs in an injection: `yes` only where an approved injectable
# product contains it, `no` where its nature rules it out, `unknown` otherwise.
INJECTABLE: dict[str, str] = {
    "yes": "found in approved injectable products (the FDA Inactive Ingredient Database lists an "
    "injection route, or an injection's label declares it)",
    "no": "not for injection by its nature (a propellant gas, perfume, a topical-only class)",
    "unknown": "no injectable use found",
}

# The annexes of the EU Cosmetics Regulation (EC) No 1223/2009 that a CosIng entry's
# restriction names ('II/372' is entry 372 of Annex II), with what each lists.
COSMETICS_ANNEXES: dict[str, str] = {
    "II": "substances prohibited in cosmetic products",
    "III": "substances cosmetic products may contain only under the restrictions laid down",
    "IV": "colorants allowed in cosmetic products",
    "V": "preservatives allowed in cosmetic products",
    "VI": "UV filters allowed in cosmetic products",
}
# How `check` and `show` name an entry of the CosIng table: its own kind, never an agent.
COSMETIC_KIND = "cosmetic ingredient (CosIng)"

# The tables a user imports and exports, in the order they must be imported: each table
# refers only to those before it.
TABLES = (
    "sources",
    "ingredients",
    "aliases",
    "statements",
    "strengths",
    "formulations",
    "components",
    "excipients",
    "cosing_ingredients",
)

# Statements about mesotherapy itself have no ingredient; they are shown, and
# imported, under this name, which no ingredient may take.
PROCEDURE_SLUG = "mesotherapy"


def unknown_value(what: str, value: object) -> str:
    """How a stored value outside its vocabulary is shown (another client wrote it with
    the schema's checks switched off): as unknown, never as a failure; `db check` lists it."""
    return f"unknown {what} {value!r}"


def level_label(rank: int | None) -> str | None:
    """The label of an evidence rank; None (not graded) stays None."""
    if rank is None:
        return None
    level = LEVEL_BY_RANK.get(rank)  # type: ignore[call-overload]
    return unknown_value("grade", rank) if level is None else level.label
