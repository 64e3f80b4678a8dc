"""Gradient-check exercises: solutions pass, templates are "not attempted", mistakes get hints."""

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from demos import exercises
from demos.exercises import EXERCISES, solutions
from demos.exercises.__main__ import main
from demos.exercises.audit import audit, mutants
from demos.exercises.check import (
    CORRECT,
    NOT_ATTEMPTED,
    WRONG,
    Mistake,
    Result,
    check,
    mistakes_of,
    report,
)

ROOT = Path(__file__).resolve().parents[2]
NAMES = [exercise.__name__ for exercise in EXERCISES]


@pytest.mark.parametrize("name", NAMES)
def test_every_solution_passes(name):
    assert check(getattr(solutions, name)) == Result(name, CORRECT)


@pytest.mark.parametrize("exercise", EXERCISES, ids=NAMES)
def test_every_untouched_template_is_not_attempted(exercise):
    result = check(exercise)
    assert result.status == NOT_ATTEMPTED
    path = exercise.__module__.replace(".", "/") + ".py"
    assert f"read the docstring of {exercise.__name__} in {path}" in result.detail
    assert (ROOT / path).is_file()


# Typical wrong answers, written as a learner would.


class SignFlippedTanh(exercises.Tanh):
    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved
        return -grad * (1 - y**2)


class MeanWithoutOneOverN(exercises.Mean):
    @staticmethod
    def backward(ctx, grad):
        return np.broadcast_to(np.expand_dims(grad, ctx.axis), ctx.shape)


class MatMulTransposed(exercises.MatMul):
    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved
        return grad @ b.T, grad.T @ a  # (m, n) @ (n, k): the transpose of b's gradient


class BroadcastAddNotSummed(exercises.BroadcastAdd):
    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class CrashingLog(exercises.Log):
    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved
        return grad / x.reshape(-1, 1)  # (3, 4) / (12, 1): NumPy refuses


def hint_of(function):
    result = check(function)
    assert result.status == WRONG
    return result.detail.split("Hint: ")[1]


def test_a_flipped_sign_gets_the_sign_hint():
    assert "a sign is flipped" in hint_of(SignFlippedTanh)


def test_a_missing_one_over_n_gets_the_constant_factor_hint():
    rows = exercises.Mean.example_inputs(np.random.default_rng(0))[0].shape[0]
    assert f"analytical = {rows} x numerical everywhere" in hint_of(MeanWithoutOneOverN)
    assert "constant factor" in hint_of(MeanWithoutOneOverN)


def test_a_transposed_matmul_gradient_gets_the_transposed_hint():
    assert "transposed" in hint_of(MatMulTransposed)


def test_an_unreduced_broadcast_gradient_is_told_to_sum_over_the_broadcast_axes():
    detail = check(BroadcastAddNotSummed).detail
    assert "sum the gradient over the broadcast axes" in detail
    assert "sum the gradient over the broadcast axes (1,)" in hint_of(BroadcastAddNotSummed)


def test_a_crashing_backward_is_wrong_and_says_why_and_where():
    result = check(CrashingLog)
    assert result.status == WRONG
    assert result.detail.startswith("backward raised ValueError: operands could not be broadcast")
    line = next(n for n, text in enumerate(Path(__file__).read_text().splitlines(), 1)
                if "x.reshape(-1, 1)" in text)  # fmt: skip
    assert f"at tests/demos/test_exercises.py:{line} in backward: return grad / x" in result.detail


def test_the_table_shows_the_diagnostic_of_a_wrong_answer():
    text = report([check(solutions.Tanh), check(SignFlippedTanh), check(exercises.Log)])
    lines = text.splitlines()
    assert lines[0].split() == ["1.", "Tanh", "correct"]
    assert lines[1].split() == ["2.", "SignFlippedTanh", "WRONG"]
    assert lines[2].strip().startswith("gradcheck failed for input 0")
    assert lines[3].strip().startswith("Hint: analytical = -numerical")
    assert lines[4].split() == ["3.", "Log", "not", "attempted"]
    assert "1 of 3 correct, 1 wrong, 1 not attempted." in lines
    assert lines[-1] == "Next: fix SignFlippedTanh.backward, with the diagnostic above."


def test_check_inputs_keep_away_from_kinks():
    rng = np.random.default_rng(0)
    assert np.abs(exercises.ReLU.example_inputs(rng)[0]).min() >= 0.1
    assert exercises.Log.example_inputs(rng)[0].min() >= 0.5
    (x,) = exercises.Max.example_inputs(rng)
    maxima = (x == x.max(axis=-1, keepdims=True)).sum(axis=-1)
    assert maxima.tolist() == [2, 1, 2, 1]  # ties of two, where central differences see 1/2
    others = np.sort(x, axis=-1)[:, :-2]
    assert np.diff(others, axis=-1).min() >= 0.29  # the rest far apart compared with eps


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "demos.exercises", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_cli_reports_every_exercise_and_exits_0():
    done = run_cli()
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[: len(NAMES)]
    assert [row.split()[1] for row in rows] == NAMES
    assert all(row.endswith(NOT_ATTEMPTED) for row in rows)
    assert f"0 of {len(NAMES)} correct, 0 wrong, {len(NAMES)} not attempted." in done.stdout


def test_the_cli_checks_the_solutions():
    done = run_cli("--solutions")
    assert done.returncode == 0, done.stdout
    assert f"{len(NAMES)} of {len(NAMES)} correct, 0 wrong, 0 not attempted." in done.stdout


def test_the_cli_checks_only_the_named_exercises():
    done = run_cli("--solutions", "--only", "tanh", "--only", "MatMul")
    assert done.returncode == 0
    assert [row.split()[1] for row in done.stdout.splitlines()[:2]] == ["Tanh", "MatMul"]
    assert "2 of 2 correct" in done.stdout
    unknown = run_cli("--only", "cosh")
    assert unknown.returncode == 2 and "invalid choice: 'cosh'" in unknown.stderr


def test_a_failing_solution_makes_the_exit_code_nonzero(monkeypatch, capsys):
    monkeypatch.setattr(solutions, "Tanh", SignFlippedTanh)
    assert main(["--solutions"]) == 1
    assert "1 wrong" in capsys.readouterr().out
    assert main([]) == 0  # the learner's own run never fails


# Known mistakes: declared per exercise, named by the checker, planted by the audit.


class TanhWithOneMinusY(exercises.Tanh):
    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved
        return grad * (1 - y)


def test_a_declared_mistake_is_named_with_its_hint_and_the_true_numbers():
    result = check(TanhWithOneMinusY)
    assert result.status == WRONG
    assert result.hint.startswith("this is a known mistake, '1 - y': the derivative of tanh")
    assert "where the input is" in result.hint  # gradcheck's own reading follows
    assert "d out[" in result.detail and "analytical" in result.detail


def test_an_exercise_can_declare_mistakes_in_its_class_body():
    class Cube(exercises.Exp):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved
            return 3 * x**2 * grad

        def forgot_the_3(ctx, grad):
            """The power rule brings the exponent down in front."""
            (x,) = ctx.saved
            return x**2 * grad

        mistakes = {  # noqa: RUF012 (a class-level table, as exercises declare it)
            "2 for 3": Mistake(lambda ctx, grad: 2 * ctx.saved[0] ** 2 * grad, "count again"),
            "no 3": forgot_the_3,
        }

    class LearnersCube(Cube):
        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved
            return 2 * x**2 * grad

    assert mistakes_of(Cube)["no 3"].hint == "The power rule brings the exponent down in front."
    assert check(Cube).status == CORRECT
    assert check(LearnersCube).hint.startswith("this is a known mistake, '2 for 3': count again")
    verdicts = audit([Cube])
    assert all(v.caught for v in verdicts)
    assert {v.mistake for v in verdicts if v.hint_right} >= {"2 for 3", "no 3", "sign"}


def test_a_wrong_answer_matching_no_declared_mistake_keeps_gradchecks_hint():
    assert hint_of(SignFlippedTanh).startswith("analytical = -numerical")


@pytest.mark.parametrize("name", NAMES)
def test_the_audit_catches_every_planted_mistake_and_names_most(name):
    solution = getattr(solutions, name)
    verdicts = audit([solution])
    planted = {m.name for m in mutants(solution)}
    assert {"sign", "factor", "ignored incoming gradient"} <= planted
    assert set(mistakes_of(solution)) <= planted
    assert all(v.caught for v in verdicts), [v for v in verdicts if not v.caught]
    assert all(v.hint_right for v in verdicts), [v for v in verdicts if not v.hint_right]


def test_the_audit_plants_the_structural_mistakes_where_they_apply():
    assert {"unsummed broadcast", "swapped gradients", "= for +="} <= {
        m.name for m in mutants(solutions.BroadcastAdd)
    }
    assert "unsummed broadcast" not in {m.name for m in mutants(solutions.MatMul)}
    assert "swapped gradients" not in {m.name for m in mutants(solutions.LogSoftmaxNLL)}
    assert {"ties not split", "argmax only"} <= {m.name for m in mutants(solutions.Max)}


def test_the_audit_cli_reports_the_shares_and_exits_0():
    done = run_cli("--audit")
    assert done.returncode == 0, done.stdout + done.stderr
    total = sum(len(mutants(getattr(solutions, name))) for name in NAMES)
    assert f"Caught: {total} of {total} mutants (100 %)." in done.stdout
    assert "Hint names the mistake:" in done.stdout
    assert "Of the generic mistakes, named by gradcheck" in done.stdout


@pytest.mark.parametrize(
    "name",
    ["demos.exercises.check", "demos.exercises.audit", "demos.exercises.mistakes",
     "demos.exercises.__main__"],
)  # fmt: skip
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_hints_guide_without_pasting_code():
    for wrong in (BroadcastAddNotSummed, MatMulTransposed, MeanWithoutOneOverN, SignFlippedTanh):
        hint = hint_of(wrong)
        assert not any(code in hint for code in ("np.", "grad.", "keepdims", "axis=")), hint


def test_the_learners_run_shows_the_named_mistake_and_gradchecks_reading(monkeypatch, capsys):
    from demos.exercises import __main__ as runner

    monkeypatch.setattr(runner, "EXERCISES", (TanhWithOneMinusY,))
    assert runner.main([]) == 0
    out = capsys.readouterr().out
    assert "1. TanhWithOneMinusY  WRONG" in out
    assert "Hint: this is a known mistake, '1 - y'" in out
    assert "Also: each output element depends only on the input element" in out
