"""The CNN and transfer-learning demos in reduced runs on the real Fashion-MNIST files."""

from __future__ import annotations

from pathlib import Path

import pytest

from demos import cnn, transfer

FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
needs_fashion = pytest.mark.skipif(
    not FASHION_DIR.is_dir(), reason="install with: apt-get install dataset-fashion-mnist"
)
SMALL = ("--data-dir", str(FASHION_DIR), "--channels", "8", "16", "--test-limit", "1000")


def run(demo, tmp_path: Path, *options: str) -> dict:
    return demo.main([*SMALL, *options, "--quiet", "--out", str(tmp_path)])


def assert_pngs(paths: list[Path], *names: str) -> None:
    by_name = {path.name: path for path in paths}
    for name in names:
        assert by_name[name].read_bytes().startswith(b"\x89PNG")


@needs_fashion
def test_cnn_learns_with_augmentation_and_draws(tmp_path, capsys):
    results = run(cnn, tmp_path, "--epochs", "2", "--limit", "2000")
    # Chance is 0.1; two epochs on 2000 augmented images already sort most clothes.
    assert results["test_accuracy"] > 0.65
    assert len(results["history"]["seconds"]) == 2
    assert results["confusion"].sum() == 1000
    assert_pngs(results["files"], "cnn_filters.png", "cnn_feature_maps.png", "cnn_confusion.png")
    assert capsys.readouterr().out.startswith("cnn: fashion test accuracy ")


@needs_fashion
def test_the_same_seed_gives_the_same_augmented_training(tmp_path):
    options = ("--epochs", "1", "--limit", "128", "--test-limit", "100")
    first = run(cnn, tmp_path, *options)["history"]["loss"]
    assert run(cnn, tmp_path, *options)["history"]["loss"] == first


@needs_fashion
def test_transfer_fine_tunes_only_the_new_head(tmp_path):
    results = run(transfer, tmp_path, "--limit", "2000", "--pretrain-epochs", "1", "--steps", "30")
    assert results["frozen"] == ["0.weight", "0.bias", "3.weight", "3.bias"]
    assert results["changed_by_fine_tuning"] == ["8.weight", "8.bias"]
    # Chance is 0.2 on either half. In a run this small, transfer and training from
    # scratch are close; the full run's margin is in the README.
    assert results["source_accuracy"] > 0.6
    assert min(results["transfer_accuracy"], results["scratch_accuracy"]) > 0.6
    assert_pngs(results["files"], "transfer_accuracy.png")
