"""The outcomes dashboard on a large synthetic clinic: the time to build every patient's outcome
summary (once, after an upgrade or a bulk import), then time per view, cold (empty cache,
summaries current) and cached, a view right after one new questionnaire, next to DuckDB
computing the end-of-induction figures from the research export's Parquet files. The database's
planner statistics are refreshed (ANALYZE) after the clinic is made, as autovacuum keeps them on a
live database; without them PostgreSQL plans the bulk-loaded tables as if they were empty.

    DATABASE_URL=... python bench/bench_dashboard.py --patients 100000

Without DATABASE_URL a scratch SQLite file is used. A clinic made earlier with the same size and
seed (``remission synth --patients N --seed S --outcomes``) is reused; otherwise it is made first.
``make bench`` runs it with 3,000 patients (``BENCH_DASHBOARD_PATIENTS``).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import use_scratch_database

# The same definitions as remission.insights.figures (end of induction: the total nearest the
# end of the index course within 7 days before to 14 after, later than the baseline; baseline:
# the latest total from 30 days before to 3 after the start) and the instruments' default
# criteria (>=50% fall; remission PHQ-9 <=4, QIDS-SR16 <=5, MADRS <=10, HAM-D17 <=7).
DUCKDB_END_OF_INDUCTION = """
with p as (select * from read_parquet('{d}/patients.parquet') where pathway is not null),
a as (select * from read_parquet('{d}/assessments.parquet')
      where complete and total is not null
        and instrument in ('phq9', 'qids_sr16', 'madrs', 'hamd17', 'gad7')),
base as (
  select p.person_id, p.pathway, p.index_end, a.instrument, a.total, a.administered_on,
         row_number() over (partition by p.person_id, a.instrument
                            order by a.administered_on desc) as r
  from p join a using (person_id)
  where a.administered_on between p.index_start - 30 and p.index_start + 3),
b as (select * from base where r = 1 and index_end is not null),
fu as (
  select b.person_id, b.pathway, b.instrument, b.total as baseline, a.total as current,
         row_number() over (partition by b.person_id, b.instrument
           order by abs(a.administered_on - b.index_end), a.administered_on) as r
  from b join a on a.person_id = b.person_id and a.instrument = b.instrument
  where a.administered_on between b.index_end - 7 and b.index_end + 14
    and a.administered_on > b.administered_on)
select pathway, instrument, count(*) as measured,
       count(*) filter (where instrument <> 'gad7' and baseline > 0
                        and (baseline - current) * 100 >= 50 * baseline) as responders,
       count(*) filter (where (instrument = 'phq9' and current <= 4)
                           or (instrument = 'qids_sr16' and current <= 5)
                           or (instrument = 'madrs' and current <= 10)
                           or (instrument = 'hamd17' and current <= 7)) as remitters
from fu where r = 1 group by all order by all
"""


def clinic_for(patients: int, seed: int):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from remission.accounts.models import Clinic
    from remission.treatments.models import Trial

    existing = (
        Clinic.objects.filter(slug__startswith=f"synth-{seed}-{patients}").order_by("pk").first()
    )
    if existing and Trial.objects.filter(patient__clinic=existing).exists():
        return existing, 0.0
    from remission.demo.synth import synthesize
    from remission.insights.synth import add_outcomes

    started = time.perf_counter()
    clinic = synthesize(patients=patients, seed=seed)
    add_outcomes(clinic, seed=seed, today=timezone.localdate())
    return clinic, time.perf_counter() - started


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = action()
    return value, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    default = int(os.environ.get("BENCH_DASHBOARD_PATIENTS", "3000"))
    parser.add_argument("--patients", type=int, default=default)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        use_scratch_database()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remission.settings")
        import django

        django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.template.loader import render_to_string

    from remission.accounts.models import Role, User
    from remission.insights.cohort import Filters
    from remission.insights.dashboard import dashboard
    from remission.insights.models import PatientOutcome
    from remission.insights.research import export_research
    from remission.insights.summaries import refresh_clinic
    from remission.measures.models import Assessment

    clinic, made = clinic_for(args.patients, args.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database's autovacuum keeps them
    admin = User.objects.get(clinic=clinic, role=Role.CLINIC_ADMIN)
    clinician = User.objects.filter(clinic=clinic, role=Role.PSYCHIATRIST).order_by("pk").first()
    assert clinician is not None
    rows = Assessment.objects.filter(patient__clinic=clinic).count()
    print(f"database: {connection.vendor}; clinic {clinic.slug}: {args.patients} patients, "
          f"{rows} questionnaires" + (f" (made in {made:.0f} s)" if made else " (reused)"))  # fmt: skip
    PatientOutcome.objects.filter(clinic=clinic).delete()
    rebuilt, build_ms = timed(lambda: refresh_clinic(clinic.pk))
    print(f"  summaries of {rebuilt} patients built in {build_ms / 1000:.1f} s")
    views = [
        ("whole clinic (admin)", admin, Filters()),
        ("pathway IV ketamine", admin, Filters(pathway="ketamine_iv")),
        ("baseline severe PHQ-9", admin, Filters(severity="severe")),
        ("one clinician's own patients", clinician, Filters()),
    ]
    board = None
    for label, user, filters in views:
        cache.clear()
        board, cold = timed(lambda u=user, f=filters: dashboard(u, f))
        _, cached = timed(lambda u=user, f=filters: dashboard(u, f))
        _, page = timed(lambda b=board: render_to_string(
            "insights/dashboard.html", {"board": b, "charts": [], "form": None}))  # fmt: skip
        print(f"  {label:30s} cold {cold:8.0f} ms   cached {cached:7.1f} ms   "
              f"(template {page:5.0f} ms)")  # fmt: skip
    latest = Assessment.objects.filter(patient__clinic=clinic, instrument="phq9").latest("pk")
    latest.pk = None
    latest.save()  # one new questionnaire: its patient's summary is stale, the cache key changes
    _, after_one = timed(lambda: dashboard(admin, Filters()))
    print(f"  {'after one new questionnaire':30s} {after_one:13.0f} ms")
    latest.delete()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        _, export_ms = timed(lambda: export_research(None, clinic, out))
        print(f"  research export (CSV + Parquet) {export_ms / 1000:8.1f} s")
        import duckdb

        query = DUCKDB_END_OF_INDUCTION.format(d=out)
        duck, duck_ms = timed(lambda: duckdb.sql(query).fetchall())
        _, duck_warm = timed(lambda: duckdb.sql(query).fetchall())
        print(f"  DuckDB end-of-induction figures from Parquet: {duck_ms:6.0f} ms "
              f"(again {duck_warm:.0f} ms)")  # fmt: skip
    cache.clear()
    ours = dashboard(admin, Filters())
    mine = {}
    for section in ours.pathways:
        for row in section["rows"]:
            if row["window_id"] == "end":
                mine[(str(section["pathway"]), row["instrument"])] = (
                    row["measured"],
                    row["response"].events if row["response"] else 0,
                    row["remission"].events if row["remission"] else 0,
                )
    names = {"phq9": "PHQ-9", "qids_sr16": "QIDS-SR16", "madrs": "MADRS", "hamd17": "HAM-D17",
             "gad7": "GAD-7"}  # fmt: skip
    same = all(mine.get((p, names[i])) == (m, r, q) for p, i, m, r, q in duck)
    print(f"  DuckDB and the dashboard agree on {len(duck)} end-of-induction rows: {same}")


if __name__ == "__main__":
    main()
