"""Public tests of assignment 5 (triplet loss, triplet mining), on small hand-made inputs.

Run from the assignment folder:

    python3 tests/test_triplet_public.py path/to/triplet.py   # a file or its folder
    python3 tests/test_triplet_public.py                      # triplet.py next to this file
                                                              # or in the cwd

Needs torch. Passing these tests does not guarantee a grade: the grader checks the same
conventions on other inputs and trains your network on hidden classes.
"""

import importlib.util
import math
import os
import sys
import unittest

import torch

MODULE_NAME = "triplet"


def _find_module_path(argument):
    if argument is not None:
        path = os.path.join(argument, f"{MODULE_NAME}.py") if os.path.isdir(argument) else argument
        if not os.path.isfile(path):
            sys.exit(f"cannot find {path}; pass the path of your {MODULE_NAME}.py or of its folder")
        return path
    for folder in (os.path.dirname(os.path.abspath(__file__)), os.getcwd()):
        path = os.path.join(folder, f"{MODULE_NAME}.py")
        if os.path.isfile(path):
            return path
    sys.exit(f"no {MODULE_NAME}.py next to this test or in the current folder")


def _load_module(path):
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student = None


def _triplets(result):
    anchor, positive, negative = (torch.as_tensor(part).reshape(-1).tolist() for part in result)
    return set(zip(anchor, positive, negative))


def _loss(anchor, positive, negative, margin):
    return student.TripletLoss(margin=margin)(
        torch.tensor(anchor), torch.tensor(positive), torch.tensor(negative)
    )


class TripletLossTest(unittest.TestCase):
    def test_active_triplet(self):
        # d(a, p) = 1, d(a, n) = 1.5, margin 1: 1 − 1.5 + 1 = 0.5. With squared distances it
        # would be 1 − 2.25 + 1 < 0, so 0.
        loss = _loss([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.5]], 1.0)
        self.assertAlmostEqual(loss.item(), 0.5, places=5)

    def test_easy_triplet_is_zero(self):
        loss = _loss([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 3.0]], 1.0)
        self.assertAlmostEqual(loss.item(), 0.0, places=6)

    def test_mean_over_all_triplets(self):
        # One active triplet (0.5) and one easy one (0): the mean over both is 0.25.
        loss = _loss([[0.0, 0.0]] * 2, [[1.0, 0.0]] * 2, [[0.0, 1.5], [0.0, 3.0]], 1.0)
        self.assertAlmostEqual(loss.item(), 0.25, places=5)

    def test_no_normalisation_inside(self):
        # The same triplet scaled by 10: distances 10 and 15, margin 1: 0, not 0.5.
        loss = _loss([[0.0, 0.0]], [[10.0, 0.0]], [[0.0, 15.0]], 1.0)
        self.assertAlmostEqual(loss.item(), 0.0, places=5)

    def test_empty_batch(self):
        anchor = torch.zeros(0, 2, requires_grad=True)
        loss = student.TripletLoss(margin=1.0)(anchor, torch.zeros(0, 2), torch.zeros(0, 2))
        self.assertEqual(loss.numel(), 1)
        self.assertEqual(loss.item(), 0.0)

    def test_identical_rows_gradient_finite(self):
        anchor = torch.tensor([[0.2, -0.1]], requires_grad=True)
        positive = anchor.detach().clone().requires_grad_(True)
        negative = torch.tensor([[0.5, 0.3]], requires_grad=True)
        student.TripletLoss(margin=1.0)(anchor, positive, negative).backward()
        for name, tensor in (("anchor", anchor), ("positive", positive), ("negative", negative)):
            self.assertTrue(torch.isfinite(tensor.grad).all(), f"gradient of {name} is not finite")


class MinerTest(unittest.TestCase):
    # Four points on a line: class 0 at x = 0 and 1, class 1 at x = 1.5 and 4.
    embeddings = torch.tensor([[0.0], [1.0], [1.5], [4.0]])
    labels = torch.tensor([0, 0, 1, 1])

    def test_batch_hard(self):
        # Farthest positive, nearest negative: 0 -> (1, 2), 1 -> (0, 2), 2 -> (3, 1), 3 -> (2, 1).
        expected = {(0, 1, 2), (1, 0, 2), (2, 3, 1), (3, 2, 1)}
        found = _triplets(student.batch_hard_triplets(self.embeddings, self.labels))
        self.assertEqual(found, expected)

    def test_semi_hard(self):
        # (0, 1): d = 1, and d(0, 2) = 1.5 lies in (1, 2). (3, 2): d = 2.5, and d(3, 1) = 3 lies
        # in (2.5, 3.5) while d(3, 0) = 4 does not. (1, 0) and (2, 3) have no negative in their
        # window, so they get no triplet (no fallback to the hardest negative).
        found = _triplets(student.semi_hard_triplets(self.embeddings, self.labels, margin=1.0))
        self.assertEqual(found, {(0, 1, 2), (3, 2, 1)})

    def test_semi_hard_strict(self):
        # d(0, 1) = 1 and d(0, 2) = 2 = d(0, 1) + margin: on the upper bound, so not semi-hard.
        embeddings = torch.tensor([[0.0], [1.0], [2.0], [9.0]])
        found = _triplets(student.semi_hard_triplets(embeddings, self.labels, margin=1.0))
        self.assertNotIn((0, 1, 2), found)



class DistanceWeightedTest(unittest.TestCase):
    # D = 16 points: anchor 0 and positive 1 of class 0; negatives of class 1 at several
    # distances, the last one beyond nonzero_loss_cutoff.
    def setUp(self):
        generator = torch.Generator().manual_seed(0)
        base = torch.nn.functional.normalize(torch.randn(1, 16, generator=generator), dim=1)[0]
        directions = torch.nn.functional.normalize(torch.randn(5, 16, generator=generator), dim=1)
        rows = [base]
        # Points at distance d from base on the unit sphere, d = 0.3, 0.8, 1.1, 1.3, 1.9.
        for distance, direction in zip((0.3, 0.8, 1.1, 1.3, 1.9), directions):
            orthogonal = torch.nn.functional.normalize(direction - (direction @ base) * base, dim=0)
            cosine = 1 - distance**2 / 2
            rows.append(cosine * base + math.sqrt(1 - cosine**2) * orthogonal)
        self.embeddings = torch.stack(rows)
        # Row 1 (d = 0.3) is the positive; rows 2-5 are negatives.
        self.labels = torch.tensor([0, 0, 1, 1, 1, 1])

    def _expected(self, cutoff, nonzero_loss_cutoff):
        distances = torch.cdist(self.embeddings[:1], self.embeddings)[0]
        weights = torch.zeros(6, dtype=torch.float64)
        dim = self.embeddings.shape[1]
        for index in range(2, 6):
            distance = float(distances[index])
            if distance >= nonzero_loss_cutoff:
                continue
            clipped = max(distance, cutoff)
            log_q = (dim - 2) * math.log(clipped) + (dim - 3) / 2 * math.log(1 - clipped**2 / 4)
            weights[index] = math.exp(-log_q)
        return weights / weights.sum()

    def test_never_same_class_or_far(self):
        torch.manual_seed(0)
        for _ in range(200):
            anchor, _positive, negative = (
                torch.as_tensor(part).reshape(-1)
                for part in student.distance_weighted_triplets(self.embeddings, self.labels)
            )
            for a, n in zip(anchor.tolist(), negative.tolist()):
                self.assertNotEqual(int(self.labels[a]), int(self.labels[n]))
                if a == 0:
                    self.assertNotEqual(n, 5, "drew a negative beyond nonzero_loss_cutoff")

    def test_frequencies_follow_weights(self):
        torch.manual_seed(0)
        counts = torch.zeros(6, dtype=torch.float64)
        for _ in range(2000):
            anchor, _positive, negative = (
                torch.as_tensor(part).reshape(-1)
                for part in student.distance_weighted_triplets(self.embeddings, self.labels)
            )
            for a, n in zip(anchor.tolist(), negative.tolist()):
                if a == 0:
                    counts[n] += 1
        self.assertGreater(counts.sum().item(), 0, "anchor 0 never got a triplet")
        frequencies = counts / counts.sum()
        expected = self._expected(cutoff=0.5, nonzero_loss_cutoff=1.4)
        for index in range(6):
            self.assertAlmostEqual(
                frequencies[index].item(), expected[index].item(), delta=0.04,
                msg=f"negative {index}: drawn {frequencies[index]:.3f}, expected {expected[index]:.3f}",
            )


class EmbeddingNetTest(unittest.TestCase):
    def test_output_shape_and_norm(self):
        net = student.EmbeddingNet(in_dim=64, embedding_dim=16)
        out = net(torch.randn(5, 64))
        self.assertEqual(tuple(out.shape), (5, 16))
        self.assertTrue(torch.allclose(out.norm(dim=1), torch.ones(5), atol=1e-4))


if __name__ == "__main__":
    student = _load_module(_find_module_path(sys.argv[1] if len(sys.argv) > 1 else None))
    unittest.main(argv=sys.argv[:1])
