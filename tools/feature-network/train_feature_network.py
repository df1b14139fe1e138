"""Train DMLG-SpriteNet-v1, the feature network behind the grader's FID-style scores.

A small CNN classifies each 16 x 16 sprite of libs/datasets/python/sprites.py into one of its
4 shapes x 3 scales = 12 classes. Its 32-dimensional penultimate layer (after ReLU) is the
feature vector. Training inputs get random pixel flips (a rate drawn per image from [0, 0.08])
and a grey-level blur, so that the imperfect samples of a generative model still map to
meaningful features.

Run it inside the CPU sandbox image (PyTorch 1.13, one thread, deterministic algorithms):

    docker run --rm --network none -v "$PWD":/repo:ro -v /tmp/spritenet:/out \\
        dmlg-sandbox-cpu:<tag> \\
        python3 /repo/tools/feature-network/train_feature_network.py --out /out

It writes ``spritenet-v1.json`` (weights), ``spritenet-v1-fixture.json`` (fixed inputs and the
PyTorch features, for the TensorFlow.js agreement test) and ``spritenet-v1-report.json``
(accuracies). Copy the first two into libs/grading/src/feature-network/weights/.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
from torch import nn

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "libs", "datasets", "python"))

import sprites  # noqa: E402

NAME = "DMLG-SpriteNet-v1"
SEED = 20260
EPOCHS = 30
BATCH_SIZE = 64
LEARNING_RATE = 2e-3
MAX_FLIP_RATE = 0.08


class SpriteNet(nn.Module):
    """conv3x3(1->16) ReLU maxpool2, conv3x3(16->32) ReLU maxpool2, dense 512->32 ReLU, 32->12."""

    def __init__(self, classes: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 4 * 4, 32)
        self.fc2 = nn.Linear(32, classes)

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """Map images of shape (n, 16, 16) with values in [0, 1] to (n, 32) features."""
        x = images.reshape(-1, 1, 16, 16)
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        return torch.relu(self.fc1(x.flatten(1)))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.features(images))


def corrupt(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Flip pixels at a per-image random rate, then blend half of the batch with a 3x3 blur."""
    rates = torch.rand(images.shape[0], 1, 1, generator=generator) * MAX_FLIP_RATE
    flips = torch.rand(images.shape, generator=generator) < rates
    noisy = torch.where(flips, 1 - images, images)
    blurred = torch.nn.functional.avg_pool2d(noisy.unsqueeze(1), 3, stride=1, padding=1).squeeze(1)
    blend = (torch.rand(images.shape[0], 1, 1, generator=generator) < 0.5).float()
    return blend * blurred + (1 - blend) * noisy


def accuracy(model: SpriteNet, images: torch.Tensor, labels: torch.Tensor) -> float:
    with torch.no_grad():
        return float((model(images).argmax(1) == labels).float().mean())


def tensor_entry(tensor: torch.Tensor) -> dict:
    array = tensor.detach().numpy().astype(np.float32)
    return {"shape": list(array.shape), "data": [float(value) for value in array.reshape(-1)]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Train DMLG-SpriteNet-v1 and export its weights.")
    parser.add_argument("--out", required=True, help="folder for the weights, fixture and report")
    arguments = parser.parse_args(argv)

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    generator = torch.Generator().manual_seed(SEED)

    definition = sprites.load_definition()
    grid = sprites.factor_grid(definition)
    images = torch.from_numpy(sprites.render(definition, grid).astype(np.float32))
    scales = len(definition["scales"])
    labels = torch.from_numpy(grid[:, 0] * scales + grid[:, 1])
    classes = len(definition["shapes"]) * scales

    model = SpriteNet(classes)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    for epoch in range(EPOCHS):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            logits = model(corrupt(images[batch], generator))
            loss = nn.functional.cross_entropy(logits, labels[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        print(f"epoch {epoch + 1}/{EPOCHS}: last batch loss {loss.item():.4f}", file=sys.stderr)

    model.eval()
    test_generator = torch.Generator().manual_seed(SEED + 1)
    report = {
        "network": NAME,
        "seed": SEED,
        "torch": torch.__version__,
        "clean_accuracy": accuracy(model, images, labels),
        "corrupted_accuracy": accuracy(model, corrupt(images, test_generator), labels),
    }

    # Fixed inputs for the TensorFlow.js agreement test: 6 clean sprites, 6 corrupted ones and
    # 4 of uniform noise, so that every layer sees values other than 0 and 1.
    fixture_generator = torch.Generator().manual_seed(SEED + 2)
    picks = torch.randperm(len(images), generator=fixture_generator)[:12]
    fixture_inputs = torch.cat(
        [
            images[picks[:6]],
            corrupt(images[picks[6:]], fixture_generator),
            torch.rand((4, 16, 16), generator=fixture_generator),
        ]
    )
    with torch.no_grad():
        fixture_features = model.features(fixture_inputs)

    weights = {
        "network": NAME,
        "input_shape": [16, 16],
        "feature_dim": 32,
        "classes": classes,
        "layers": {name: tensor_entry(value) for name, value in model.state_dict().items()},
    }
    fixture = {
        "network": NAME,
        "inputs": tensor_entry(fixture_inputs),
        "features": tensor_entry(fixture_features),
    }
    os.makedirs(arguments.out, exist_ok=True)
    for file_name, document in [
        ("spritenet-v1.json", weights),
        ("spritenet-v1-fixture.json", fixture),
        ("spritenet-v1-report.json", report),
    ]:
        with open(os.path.join(arguments.out, file_name), "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.write("\n")
    print(json.dumps(report), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
