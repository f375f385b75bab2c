"""Minibatch schedules: DataLoader(shuffle=True, drop_last=False) epochs, reproducible from the seed."""
import numpy as np
import pytest

from core.batches import schedule
from core.errors import UserInputError


def test_each_epoch_is_a_permutation_cut_into_batches_the_last_one_smaller():
    s = schedule(10, 3, 9, seed=4)
    assert [len(b) for b in s.batches] == [3, 3, 3, 1, 3, 3, 3, 1, 3]
    assert s.epoch_starts == [0, 4, 8]
    for lo, hi in [(0, 4), (4, 8)]:
        assert sorted(np.concatenate(s.batches[lo:hi]).tolist()) == list(range(10))
    assert all(b.dtype == np.int64 for b in s.batches)


def test_each_epoch_uses_the_next_permutation_of_the_seeded_generator():
    rng = np.random.default_rng(11)
    first, second = rng.permutation(7), rng.permutation(7)
    s = schedule(7, 4, 4, seed=11)
    assert [b.tolist() for b in s.batches] == [first[:4].tolist(), first[4:].tolist(), second[:4].tolist(),
                                              second[4:].tolist()]


def test_the_same_seed_gives_the_same_batches_and_another_seed_others():
    a, b, c = schedule(50, 8, 40, seed=3), schedule(50, 8, 40, seed=3), schedule(50, 8, 40, seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a.batches, b.batches))
    assert not all(np.array_equal(x, y) for x, y in zip(a.batches, c.batches))


def test_a_pinned_schedule_so_that_every_machine_and_version_agrees():
    assert [b.tolist() for b in schedule(5, 2, 4, seed=0).batches] == [[2, 4], [3, 0], [1], [4, 1]]


def test_batch_zero_is_the_full_dataset_every_step_and_a_large_batch_one_per_epoch():
    s = schedule(4, 0, 3, seed=9)
    assert [b.tolist() for b in s.batches] == [[0, 1, 2, 3]] * 3 and s.epoch_starts == [0, 1, 2]
    big = schedule(4, 10, 3, seed=9)
    assert [sorted(b.tolist()) for b in big.batches] == [[0, 1, 2, 3]] * 3 and big.epoch_starts == [0, 1, 2]
    assert schedule(4, 2, 0).batches == []


def test_bad_sizes_are_refused():
    with pytest.raises(UserInputError, match="batch must be 0 .* not -1"):
        schedule(4, -1, 3)
    with pytest.raises(UserInputError, match="at least one row"):
        schedule(0, 2, 3)
