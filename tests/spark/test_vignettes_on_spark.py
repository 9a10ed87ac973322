"""The clinical vignettes judged with the clinical stage on Spark `local[2]`, as the criteria
expect (issue 17: the rules are written once and must judge every vignette alike on both
engines). The daily job runs in this process and reuses the shared session; the sore-not-sick
vignettes go through Spark Connect in test_spark_connect.py."""

import pandas as pd
import pytest

from tests.clinical import test_clinical_vignettes as clinical
from tests.support.vignettes import flagged_cohort_in_process, outcome_problems


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, spark) -> pd.DataFrame:
    home = tmp_path_factory.mktemp("vignettes-on-spark")
    return flagged_cohort_in_process(home, clinical.VIGNETTES, clinical.AS_OF, "spark")


@pytest.mark.parametrize("vignette", clinical.VIGNETTES, ids=lambda v: v.patient_id)
def test_vignette_on_spark(cohort, vignette):
    assert outcome_problems(vignette, cohort) == [], vignette.story
