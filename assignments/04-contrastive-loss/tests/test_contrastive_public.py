"""Public tests of assignment 4 (contrastive loss, pair mining), on small hand-made inputs.

Run from the assignment folder:

    python3 tests/test_contrastive_public.py path/to/contrastive.py   # a file or its folder
    python3 tests/test_contrastive_public.py                          # contrastive.py next to
                                                                      # this file or in the cwd

Needs torch. Passing these tests does not guarantee a grade: the grader checks the same
conventions on other inputs and trains your network on hidden classes.
"""

import importlib.util
import os
import sys
import unittest

import torch

MODULE_NAME = "contrastive"


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


def _pairs(result):
    index_a, index_b, same = (torch.as_tensor(part).reshape(-1).tolist() for part in result)
    return {(min(a, b), max(a, b), int(s)) for a, b, s in zip(index_a, index_b, same)}


class ContrastiveLossTest(unittest.TestCase):
    def test_same_pair_is_squared_distance(self):
        a = torch.tensor([[0.0, 0.0]])
        b = torch.tensor([[3.0, 4.0]])  # distance 5
        loss = student.ContrastiveLoss(margin=1.0)(a, b, torch.tensor([1.0]))
        self.assertAlmostEqual(loss.item(), 25.0, places=4)

    def test_different_pair_inside_margin(self):
        a = torch.tensor([[0.0, 0.0]])
        b = torch.tensor([[0.3, 0.4]])  # distance 0.5
        loss = student.ContrastiveLoss(margin=2.0)(a, b, torch.tensor([0.0]))
        self.assertAlmostEqual(loss.item(), 1.5**2, places=4)

    def test_different_pair_beyond_margin(self):
        a = torch.tensor([[0.0, 0.0]])
        b = torch.tensor([[3.0, 4.0]])
        loss = student.ContrastiveLoss(margin=1.0)(a, b, torch.tensor([0.0]))
        self.assertAlmostEqual(loss.item(), 0.0, places=6)

    def test_mean_over_mixed_pairs(self):
        a = torch.tensor([[0.0, 0.0], [0.0, 0.0]])
        b = torch.tensor([[1.0, 0.0], [0.5, 0.0]])
        loss = student.ContrastiveLoss(margin=1.0)(a, b, torch.tensor([1.0, 0.0]))
        self.assertAlmostEqual(loss.item(), (1.0 + 0.25) / 2, places=5)

    def test_identical_pair_gradient_finite(self):
        a = torch.tensor([[0.2, -0.1]], requires_grad=True)
        b = a.detach().clone().requires_grad_(True)
        for same in (1.0, 0.0):
            a.grad = b.grad = None
            student.ContrastiveLoss(margin=1.0)(a, b, torch.tensor([same])).backward()
            self.assertTrue(torch.isfinite(a.grad).all() and torch.isfinite(b.grad).all())


class MinerTest(unittest.TestCase):
    embeddings = torch.tensor([[0.0, 0.0], [0.0, 1.0], [0.2, 0.0], [3.0, 0.0]])
    labels = torch.tensor([0, 0, 1, 1])

    def test_all_pairs(self):
        expected = {(0, 1, 1), (0, 2, 0), (0, 3, 0), (1, 2, 0), (1, 3, 0), (2, 3, 1)}
        self.assertEqual(_pairs(student.all_pairs(self.embeddings, self.labels)), expected)

    def test_hard_negative_pairs(self):
        # Positives (0, 1) and (2, 3). Nearest other-class sample: 0 -> 2 (0.2), 1 -> 2 (1.02),
        # 2 -> 0 (0.2), 3 -> 0 (3.0 against sqrt(10) for 1).
        expected = {(0, 1, 1), (2, 3, 1), (0, 2, 0), (1, 2, 0), (0, 3, 0)}
        self.assertEqual(_pairs(student.hard_negative_pairs(self.embeddings, self.labels)), expected)


class EmbeddingNetTest(unittest.TestCase):
    def test_output_shape_and_norm(self):
        net = student.EmbeddingNet(in_dim=64, embedding_dim=16)
        out = net(torch.randn(5, 64))
        self.assertEqual(tuple(out.shape), (5, 16))
        self.assertTrue(torch.allclose(out.norm(dim=1), torch.ones(5), atol=1e-4))


if __name__ == "__main__":
    student = _load_module(_find_module_path(sys.argv[1] if len(sys.argv) > 1 else None))
    unittest.main(argv=sys.argv[:1])
