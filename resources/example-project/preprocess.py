"""Makes a small two-class data set (standard library only) and writes it as a CSV output."""
import argparse
import csv
import json
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=2000)
parser.add_argument("--noise", type=float, default=0.1)
args = parser.parse_args()

outputs = os.environ.get("VH_OUTPUTS_DIR", "outputs")
os.makedirs(outputs, exist_ok=True)
rng = random.Random(42)
positives = 0
with open(os.path.join(outputs, "dataset.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["x1", "x2", "label"])
    for _ in range(args.rows):
        x1, x2 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        # The boundary is off the centre, so a model must learn its bias too: a slow learning
        # rate is still climbing after 20 epochs, which the sweep's chart shows.
        label = 1 if x1 + 0.5 * x2 > 0.4 else 0
        if rng.random() < args.noise:
            label = 1 - label
        positives += label
        writer.writerow([f"{x1:.5f}", f"{x2:.5f}", label])

print(f"wrote {args.rows} rows (tag {os.environ.get('DATA_TAG', '-')})")
print(json.dumps({"rows": args.rows, "positive_share": round(positives / args.rows, 4)}))
