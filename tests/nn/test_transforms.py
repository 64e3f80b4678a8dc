"""Augmentation transforms and freezing: what they do to real arrays and parameters."""

from __future__ import annotations

import numpy as np
import pytest

import nn
from autograd import Tensor, manual_seed
from nn.data import DataLoader
from nn.transforms import Augmented, Compose, Normalize, RandomHorizontalFlip, RandomShift


def images(n=6, shape=(1, 8, 8)):
    return np.random.default_rng(0).random((n, *shape)).astype(np.float32)


def test_shift_moves_each_image_by_at_most_the_limit_and_fills_the_border():
    x = np.zeros((50, 9, 9), np.float32)
    x[:, 4, 4] = 1  # one bright pixel in the middle
    moved = RandomShift(2, fill=-1.0)(x, np.random.default_rng(0))
    rows, cols = np.nonzero(moved == 1)[1:]
    assert np.abs(rows - 4).max() == 2 and np.abs(cols - 4).max() == 2
    assert len(set(zip(rows, cols))) > 10  # each image its own shift
    corner_filled = (moved[:, 0, 0] == -1).any()
    assert corner_filled and moved.shape == x.shape and moved.dtype == x.dtype


def test_shift_of_channel_images_moves_all_channels_together():
    x = images(4, (3, 6, 6))
    moved = RandomShift(1)(x, np.random.default_rng(1))
    for image, original in zip(moved, x):
        offsets = [
            (dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)
            if np.array_equal(np.roll(original, (dy, dx), axis=(1, 2))[:, 1:-1, 1:-1],
                              image[:, 1:-1, 1:-1])
        ]  # fmt: skip
        assert len(offsets) == 1


def test_flip_mirrors_about_the_chosen_fraction():
    x = images(400)
    flipped = RandomHorizontalFlip(0.5)(x, np.random.default_rng(2))
    mirrored = np.all(flipped == x[..., ::-1], axis=(1, 2, 3))
    assert 150 < mirrored.sum() < 250
    assert np.all(mirrored | np.all(flipped == x, axis=(1, 2, 3)))
    assert (x == images(400)).all()  # the input is left alone


def test_augmented_loader_is_reproducible_and_fresh_every_epoch():
    X, y = images(8), np.arange(8)
    transform = Compose([RandomShift(2), RandomHorizontalFlip(), Normalize(0.5, 0.25)])

    def epochs(seed):
        loader = Augmented(DataLoader(X, y, 4, seed=0), transform, seed=seed)
        return [[xb.data.copy() for xb, _ in loader] for _ in range(2)]

    first, again, other = epochs(0), epochs(0), epochs(1)
    assert all(np.array_equal(a, b) for e, f in zip(first, again) for a, b in zip(e, f))
    assert not np.array_equal(first[0][0], first[1][0])  # a new draw in the next epoch
    assert not np.array_equal(first[0][0], other[0][0])
    batches = list(Augmented(DataLoader(X, y, 4, shuffle=False), transform, seed=0))
    assert len(batches) == 2 and isinstance(batches[0][0], Tensor)
    assert batches[0][1].data.tolist() == [0, 1, 2, 3]


class Recorded:
    """A transform that keeps every batch it was given and adds a random offset per sample."""

    def __init__(self):
        self.seen = []

    def __call__(self, batch, generator):
        self.seen.append(batch.copy())
        return batch + generator.random(len(batch))[:, None, None, None]


def test_loader_transform_changes_each_x_batch_and_keeps_the_order_and_labels():
    X, y = images(10), np.arange(10)
    plain = [batch for _ in range(2) for batch in DataLoader(X, y, 4, seed=3)]
    transform = Recorded()
    augmented = [
        batch for _ in range(2) for batch in DataLoader(X, y, 4, seed=3, transform=transform)
    ]
    assert len(transform.seen) == len(plain) == 6  # every batch of both epochs, once
    for (xb, yb), (tb, ub), given in zip(plain, augmented, transform.seen):
        np.testing.assert_array_equal(given, xb.data)  # the same samples, in the same order
        np.testing.assert_array_equal(ub.data, yb.data)  # labels untouched
        offset = tb.data - xb.data
        assert isinstance(tb, Tensor) and np.all((offset >= 0) & (offset < 1))
        assert np.allclose(offset, offset[:, :1, :1, :1])  # one draw per sample
    assert np.array_equal(X, images(10))  # the data set itself is left alone


def test_loader_transform_repeats_with_its_seed_and_is_fresh_every_epoch():
    X, y = images(8), np.arange(8)
    transform = Compose([RandomShift(2), RandomHorizontalFlip(), Normalize(0.5, 0.25)])

    def epochs(seed):
        loader = DataLoader(X, y, 4, seed=seed, transform=transform)
        return [[xb.data.copy() for xb, _ in loader] for _ in range(2)]

    first, again = epochs(0), epochs(0)
    assert all(np.array_equal(a, b) for e, f in zip(first, again) for a, b in zip(e, f))
    assert not np.array_equal(first[0][0], first[1][0])
    assert not np.array_equal(first[0][0], epochs(1)[0][0])


def test_without_seed_the_loader_transform_draws_as_augmented_does():
    X, y = images(8), np.arange(8)
    transform = Compose([RandomShift(2), RandomHorizontalFlip()])
    manual_seed(5)
    hooked = [xb.data for xb, _ in DataLoader(X, y, 4, transform=transform)]
    manual_seed(5)
    wrapped = [xb.data for xb, _ in Augmented(DataLoader(X, y, 4), transform)]
    assert all(np.array_equal(a, b) for a, b in zip(hooked, wrapped))
    manual_seed(6)
    assert not np.array_equal(
        hooked[0], next(iter(DataLoader(X, y, 4, transform=transform)))[0].data
    )


def test_loader_transform_must_be_callable_and_keep_the_samples():
    with pytest.raises(TypeError, match="DataLoader: transform must be a callable"):
        DataLoader(images(4), np.arange(4), 2, transform="flip")
    loader = DataLoader(images(4), np.arange(4), 2, transform=lambda batch, generator: batch[:1])
    with pytest.raises(
        ValueError,
        match=r"DataLoader: transform .* shape \(1, 1, 8, 8\) for a batch of shape \(2, 1, 8, 8\)",
    ):
        next(iter(loader))


def test_transforms_reject_what_is_not_a_batch_of_images():
    with pytest.raises(ValueError, match=r"RandomShift: expected a batch of images .* \(8, 8\)"):
        RandomShift(1)(np.zeros((8, 8)), np.random.default_rng(0))
    with pytest.raises(ValueError, match="max_shift"):
        RandomShift(-1)


def test_frozen_parameters_get_no_gradient_and_stay_put():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2 * 6 * 6, 3))
    before = model[0].weight.data.copy()
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    assert model[0].requires_grad_(False) is model[0]
    loss = nn.CrossEntropyLoss()(model(images(4)), np.array([0, 1, 2, 0]))
    loss.backward()
    assert model[0].weight.grad is None and model[2].weight.grad is not None
    optimizer.step()
    assert np.array_equal(model[0].weight.data, before)
    assert [p.requires_grad for p in model.parameters()] == [False, False, True, True]
    model.requires_grad_(True)
    assert all(p.requires_grad for p in model.parameters())


def test_optimizers_skip_a_parameter_frozen_after_its_gradient_was_computed():
    layer = nn.Linear(2, 1)
    for optimizer in (nn.optim.SGD(layer.parameters(), lr=0.1), nn.optim.Adam(layer.parameters())):
        layer.zero_grad()
        layer.requires_grad_(True)
        (layer(np.ones((1, 2), np.float32)) ** 2).sum().backward()
        layer.weight.requires_grad_(False)
        weight, bias = layer.weight.data.copy(), layer.bias.data.copy()
        optimizer.step()
        assert np.array_equal(layer.weight.data, weight)
        assert not np.array_equal(layer.bias.data, bias)
