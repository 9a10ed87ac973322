"""The command line's progress follows a run's steps: each start and success once, in order."""

import threading

import dagster as dg

from pipelines.runner import PROGRESS_POLL_SECONDS, _watch_progress


@dg.op
def first() -> int:
    return 1


@dg.op
def second(value: int) -> int:
    return value + 1


@dg.job
def two_steps() -> None:
    second(first())


def test_each_step_event_is_reported_once_however_many_polls_see_the_log():
    instance = dg.DagsterInstance.ephemeral()
    run_id = two_steps.execute_in_process(instance=instance).run_id
    seen: list[tuple[str, str]] = []
    done = threading.Event()
    watcher = threading.Thread(
        target=_watch_progress,
        args=(instance, run_id, lambda step, event: seen.append((step, event)), done),
    )
    watcher.start()
    # Several polls over the same finished log: none may repeat an event.
    done.wait(PROGRESS_POLL_SECONDS * 4)
    done.set()
    watcher.join()
    assert seen == [
        ("first", "STEP_START"),
        ("first", "STEP_SUCCESS"),
        ("second", "STEP_START"),
        ("second", "STEP_SUCCESS"),
    ]
