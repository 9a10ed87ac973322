"""Reason codes (docs/rules.md) as the short phrases a clinician reads on a patient card."""

# In order of weight, so a card and the worklist lead with what drives the priority.
REASON_PHRASES = {
    "SUSPECTED_IMNM": "suspected immune-mediated necrotizing myopathy",
    "CK_GT_40X_ULN": "CK above 40× the upper limit",
    "CK_GT_10X_ULN": "CK above 10× the upper limit",
    "DARK_URINE": "dark urine (possible myoglobinuria)",
    "WEAKNESS": "weakness reported",
    "CK_GT_4X_ULN": "CK above 4× the upper limit",
    "PROBABLE_SAMS_PATTERN": "probable statin-associated pattern",
    "INTERACTION_CONTRAINDICATED": "contraindicated or to-be-avoided drug combination",
    "INTERACTION_DOSE_LIMIT_EXCEEDED": "statin dose above the label limit with that drug",
    "PERSISTENT_SYMPTOMS": "symptoms for 7 days or more, not explained by exercise",
    "RECENT_START_OR_DOSE_INCREASE": "onset within 12 weeks of a start or dose increase",
    "CK_ABOVE_ULN": "CK above the upper limit of normal",
    "CK_CONFOUNDED_BY_EXERCISE": "CK drawn within 7 days of strenuous exercise: repeat after rest",
    "EXERCISE_EXPLAINED": "symptoms fit soreness after strenuous exercise",
    "INTERACTING_DRUG": "interacting drug alongside the statin",
    "SIMVASTATIN_80MG": "simvastatin 80 mg/day (FDA-restricted for myopathy risk)",
    "HIGH_INTENSITY_STATIN": "high-intensity statin dose",
    "MUSCLE_SYMPTOMS": "muscle symptoms in the last 30 days",
    "NOCTURNAL_CRAMPS": "night-time cramps",
    "TENDON_PAIN": "tendon pain",
    "STATIN_STOPPED": "statin stopped (within the last 90 days)",
    "STATIN_EXPOSED": "on a statin now or within the last 90 days",
    "RISK_AGE_75_PLUS": "age 75 or over",
    "RISK_FEMALE": "female",
    "RISK_LOW_BMI": "BMI below 18.5",
    "RISK_HYPOTHYROIDISM": "hypothyroidism",
    "RISK_EGFR_BELOW_30": "eGFR below 30",
}
# Modifiers are listed apart: they never flag anyone on their own. Every flagged patient is
# statin-exposed, and the card's statin row already says how.
RISK_PREFIX = "RISK_"
IMPLIED = frozenset({"STATIN_EXPOSED"})
WEIGHT = {code: rank for rank, code in enumerate(REASON_PHRASES)}


def reason_phrases(reasons: str) -> tuple[list[str], list[str]]:
    """The findings, weightiest first, and the risk modifiers of a `;`-separated reason list;
    a code this table does not know yet is shown as it is rather than dropped."""
    codes = sorted(
        (code for code in reasons.split(";") if code and code not in IMPLIED),
        key=lambda code: WEIGHT.get(code, len(WEIGHT)),
    )
    findings = [REASON_PHRASES.get(c, c) for c in codes if not c.startswith(RISK_PREFIX)]
    risks = [REASON_PHRASES.get(c, c) for c in codes if c.startswith(RISK_PREFIX)]
    return findings, risks
