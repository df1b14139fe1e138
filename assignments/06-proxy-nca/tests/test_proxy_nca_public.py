"""Public tests of assignment 6 (Proxy-NCA loss), on small hand-made inputs.

Run from the assignment folder:

    python3 tests/test_proxy_nca_public.py path/to/proxy_nca.py   # a file or its folder
    python3 tests/test_proxy_nca_public.py                        # proxy_nca.py next to this
                                                                  # file or in the cwd

Needs torch. Passing these tests does not guarantee a grade: the grader checks the same
conventions on other inputs and trains your network on hidden classes.
"""

import importlib.util
import math
import os
import sys
import unittest

import torch

MODULE_NAME = "proxy_nca"


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


def _loss_with_proxies(proxies, scale):
    """A ProxyNCALoss whose proxies are set to the given (C, D) rows."""
    proxies = torch.tensor(proxies)
    loss = student.ProxyNCALoss(proxies.shape[0], proxies.shape[1], scale)
    with torch.no_grad():
        loss.proxies.copy_(proxies)
    return loss


# Three proxies in the plane, at angles 0°, 90° and 180°, of different norms. For an embedding
# along x the squared distances between unit vectors are 0, 2 and 4.
PROXIES = [[2.0, 0.0], [0.0, 0.5], [-1.0, 0.0]]


class ProxyNCALossTest(unittest.TestCase):
    def test_positive_proxy_not_in_denominator(self):
        # Label 0, scale 1: L = d_0 + log(exp(-d_1) + exp(-d_2)) = 0 + log(e^-2 + e^-4).
        loss = _loss_with_proxies(PROXIES, 1.0)(torch.tensor([[1.0, 0.0]]), torch.tensor([0]))
        self.assertAlmostEqual(loss.item(), math.log(math.exp(-2) + math.exp(-4)), places=5)

    def test_embeddings_and_proxies_normalised(self):
        # The same direction at norm 3 with label 1: L = 2 + log(e^0 + e^-4).
        loss = _loss_with_proxies(PROXIES, 1.0)(torch.tensor([[3.0, 0.0]]), torch.tensor([1]))
        self.assertAlmostEqual(loss.item(), 2 + math.log(1 + math.exp(-4)), places=5)

    def test_scale_multiplies_squared_distance(self):
        # Label 2, scale 2: L = 2·4 + log(exp(-2·0) + exp(-2·2)) = 8 + log(1 + e^-4).
        loss = _loss_with_proxies(PROXIES, 2.0)(torch.tensor([[1.0, 0.0]]), torch.tensor([2]))
        self.assertAlmostEqual(loss.item(), 8 + math.log(1 + math.exp(-4)), places=5)

    def test_mean_over_batch(self):
        embeddings = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
        loss = _loss_with_proxies(PROXIES, 1.0)(embeddings, torch.tensor([0, 1]))
        expected = (math.log(math.exp(-2) + math.exp(-4)) + 2 + math.log(1 + math.exp(-4))) / 2
        self.assertAlmostEqual(loss.item(), expected, places=5)

    def test_large_scale_stays_finite(self):
        # With scale 100 every exp(-scale·d) of a negative underflows in float32: use logsumexp.
        loss = _loss_with_proxies(PROXIES, 100.0)(torch.tensor([[1.0, 0.0]]), torch.tensor([0]))
        self.assertAlmostEqual(loss.item(), -200 + math.log(1 + math.exp(-200)), places=2)

    def test_proxies_learnable(self):
        loss = student.ProxyNCALoss(3, 2, 1.0)
        self.assertIsInstance(loss.proxies, torch.nn.Parameter)
        self.assertTrue(any(parameter is loss.proxies for parameter in loss.parameters()))

    def test_proxies_receive_gradient(self):
        loss = _loss_with_proxies(PROXIES, 1.0)
        loss(torch.tensor([[0.6, 0.8]], requires_grad=True), torch.tensor([0])).backward()
        self.assertIsNotNone(loss.proxies.grad, "self.proxies got no gradient: is it a Parameter?")
        self.assertGreater(loss.proxies.grad.abs().sum().item(), 0)

    def test_proxy_gradient_tangent(self):
        # The proxies are normalised inside the loss, so stretching one changes nothing: its
        # gradient is orthogonal to it.
        loss = _loss_with_proxies(PROXIES, 1.0)
        loss(torch.tensor([[0.6, 0.8]], requires_grad=True), torch.tensor([0])).backward()
        self.assertIsNotNone(loss.proxies.grad, "self.proxies got no gradient: is it a Parameter?")
        radial = (loss.proxies.grad * loss.proxies.detach()).sum(dim=1)
        self.assertTrue(torch.allclose(radial, torch.zeros(3), atol=1e-5))


class EmbeddingNetTest(unittest.TestCase):
    def test_output_shape_and_norm(self):
        net = student.EmbeddingNet(in_dim=64, embedding_dim=16)
        out = net(torch.randn(5, 64))
        self.assertEqual(tuple(out.shape), (5, 16))
        self.assertTrue(torch.allclose(out.norm(dim=1), torch.ones(5), atol=1e-4))


if __name__ == "__main__":
    student = _load_module(_find_module_path(sys.argv[1] if len(sys.argv) > 1 else None))
    unittest.main(argv=sys.argv[:1])
