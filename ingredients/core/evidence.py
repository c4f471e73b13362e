"""What "the best evidence" means, defined once: in SQL for every read, in words for people.

The best evidence of an ingredient (on a route, or on any) is the highest grade
among its evidence statements, leaving out studies of another compound and, on
request, studies its maker ran or paid for. Its finding is the finding of the
statements at that grade: their common direction, `mixed` when they point
different ways, and `unclear` only when none of them reports a direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingredients.core.vocabulary import FINDING_WORDS, LEVEL_BY_LABEL, LEVEL_BY_RANK

# Ranks at which no study stands behind a statement (none-found, claim-only):
# leaving out sponsored studies never hides a searched-for absence.
NO_STUDY_RANK = LEVEL_BY_LABEL["claim-only"].rank

# Which statements count: evidence on this very compound (never another salt, ester
# or product). `{subject}` says whose statements (by default those of the ingredient
# aliased `i` in the calling query); `{route}` is an SQL expression for the route, or
# NULL for any route.
_OF_THIS_COMPOUND = (
    "{subject} AND s.kind = 'evidence' AND NOT s.other_compound "
    "AND ({route} IS NULL OR s.route = {route})"
)
# ... and, unless asked to include them, no study its maker ran or paid for.
_COUNTED = (
    f"{_OF_THIS_COMPOUND} AND (:include_sponsored = 1 OR NOT s.manufacturer_sponsored "
    f"OR s.evidence_level <= {NO_STUDY_RANK})"
)
OF_INGREDIENT = "s.ingredient_id = i.id"
STUDY_RANK = LEVEL_BY_LABEL["preclinical"].rank


def study_count_sql(route: str, *, sponsored_only: bool = False, subject: str = OF_INGREDIENT) -> str:
    """A scalar subquery: how many studies (preclinical or better) of this very compound
    there are on the route; with ``sponsored_only``, only those its maker ran or paid for."""
    of_compound = _OF_THIS_COMPOUND.format(subject=subject, route=route)
    sponsored = " AND s.manufacturer_sponsored" if sponsored_only else ""
    return (f"(SELECT count(*) FROM statement s WHERE {of_compound} "
            f"AND s.evidence_level >= {STUDY_RANK}{sponsored})")


def best_rank_sql(route: str = "NULL", subject: str = OF_INGREDIENT) -> str:
    """A scalar subquery: the best grade's rank, or NULL when nothing counts."""
    counted = _COUNTED.format(subject=subject, route=route)
    return f"(SELECT max(s.evidence_level) FROM statement s WHERE {counted})"


def best_finding_sql(route: str = "NULL", subject: str = OF_INGREDIENT) -> str:
    """A scalar subquery: the finding at the best grade.

    Statements at that grade that report no direction (`unclear`) do not outvote
    those that do; two different directions make `mixed`.
    """
    counted = _COUNTED.format(subject=subject, route=route)
    directed = "CASE WHEN s.finding = 'unclear' THEN NULL ELSE s.finding END"
    return (
        f"(SELECT CASE count(DISTINCT {directed}) WHEN 0 THEN max(s.finding) "
        f"WHEN 1 THEN max({directed}) ELSE 'mixed' END "
        f"FROM statement s WHERE {counted} AND s.evidence_level = {best_rank_sql(route, subject)})"
    )


def combined_finding(findings: list[str | None]) -> str | None:
    """The findings of several statements taken together, by the rule best_finding_sql applies."""
    directed = {finding for finding in findings if finding and finding != "unclear"}
    if len(directed) > 1:
        return "mixed"
    if directed:
        return directed.pop()
    return "unclear" if any(findings) else None


def describe(rank: int | None, finding: str | None) -> str | None:
    """'rct, no benefit': the grade with the direction it points, for people and files alike."""
    if rank is None:
        return None
    label = LEVEL_BY_RANK[rank].label
    if label in ("none-found", "claim-only") or finding is None:
        return label
    return f"{label}, {FINDING_WORDS[finding]}"


# --- the grading rules, as the README and `ingredients grades` state them ---------

GRADING_RULES: tuple[str, ...] = (
    "A grade belongs to studies of this ingredient on this route. A trial of a cocktail grades "
    "the cocktail (a statement on the procedure or a formulation), never one of its ingredients.",
    "systematic-review is kept for systematic reviews and meta-analyses; a narrative review is "
    "graded as what it reviews, or not at all.",
    "approved means a regulator authorised this ingredient for hair loss on this route; the "
    "statement names the regulator and the product and cites the regulator or the label.",
    "A study of another salt, ester, compound or product is shown, marked as another compound, "
    "and never raises the grade.",
    "Every evidence statement says which way the studies point (its finding) and, for human "
    "studies, how many people took part.",
    "A claim from a popular article is stored as that article's claim (claim-only) and never as "
    "a finding; a correction is a separate evidence statement citing its own source.",
    "The best evidence is the highest grade that counts; its finding is the common direction of "
    "the statements at that grade (mixed when they point different ways, unclear when none "
    "reports one). --exclude-sponsored leaves out studies the maker ran or paid for.",
)


# --- verdicts on the articles' claims -----------------------------------------

CONTROLLED = LEVEL_BY_LABEL["rct"].rank
CLAIM_ONLY = LEVEL_BY_LABEL["claim-only"].rank


@dataclass(frozen=True)
class Verdict:
    name: str
    rule: str


VERDICTS: tuple[Verdict, ...] = (
    Verdict("supported", "controlled evidence (rct or better) on the claimed route found a benefit"),
    Verdict("contradicted", "controlled evidence on the claimed route found no benefit, or harm"),
    Verdict("untested on this route",
            "nothing beyond claims, or a searched-for absence, on the claimed route"),
    Verdict("weak", "any other case: only uncontrolled or preclinical evidence, or mixed or unclear "
                    "findings, on the claimed route"),
)


def verdict(route_rank: int | None, route_finding: str | None) -> str:
    """The verdict on a claim, from the best evidence on the route it was claimed for."""
    if route_rank is None or route_rank <= CLAIM_ONLY:
        return "untested on this route"
    if route_rank >= CONTROLLED and route_finding == "benefit":
        return "supported"
    if route_rank >= CONTROLLED and route_finding in ("no-benefit", "harm"):
        return "contradicted"
    return "weak"
