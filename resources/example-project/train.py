"""Logistic regression by gradient descent, in plain Python. Prints metrics as Valohai metadata."""
import argparse
import csv
import glob
import json
import math
import os

parser = argparse.ArgumentParser()
parser.add_argument("--learning_rate", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--shuffle", action="store_true")
args = parser.parse_args()

inputs = os.environ.get("VH_INPUTS_DIR", "inputs")
outputs = os.environ.get("VH_OUTPUTS_DIR", "outputs")
path = sorted(glob.glob(os.path.join(inputs, "dataset", "**", "*.csv"), recursive=True))[0]
with open(path) as f:
    rows = [(float(r["x1"]), float(r["x2"]), int(r["label"])) for r in csv.DictReader(f)]

w1 = w2 = b = 0.0
for epoch in range(1, args.epochs + 1):
    g1 = g2 = gb = loss = 0.0
    correct = 0
    for x1, x2, y in rows:
        p = 1 / (1 + math.exp(-(w1 * x1 + w2 * x2 + b)))
        loss -= y * math.log(max(p, 1e-9)) + (1 - y) * math.log(max(1 - p, 1e-9))
        correct += int((p > 0.5) == bool(y))
        g1 += (p - y) * x1
        g2 += (p - y) * x2
        gb += p - y
    n = len(rows)
    w1 -= args.learning_rate * g1 / n * 50
    w2 -= args.learning_rate * g2 / n * 50
    b -= args.learning_rate * gb / n * 50
    print(json.dumps({"epoch": epoch, "loss": round(loss / n, 5), "accuracy": round(correct / n, 4)}))

os.makedirs(outputs, exist_ok=True)
with open(os.path.join(outputs, "model.json"), "w") as f:
    json.dump({"w1": w1, "w2": w2, "b": b, "learning_rate": args.learning_rate}, f)
print(f"model saved (learning rate {args.learning_rate})")
