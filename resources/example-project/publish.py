"""The final step: packages the approved model and its report."""
import glob
import json
import os

inputs = os.environ.get("VH_INPUTS_DIR", "inputs")
outputs = os.environ.get("VH_OUTPUTS_DIR", "outputs")
model = json.load(open(sorted(glob.glob(os.path.join(inputs, "model", "**", "*.json"), recursive=True))[0]))
report = sorted(glob.glob(os.path.join(inputs, "report", "**", "*.png"), recursive=True))[0]
os.makedirs(outputs, exist_ok=True)
with open(os.path.join(outputs, "release.json"), "w") as f:
    json.dump({"model": model, "report": os.path.basename(report), "report_bytes": os.path.getsize(report)}, f, indent=2)
# Named as on Valohai: later runs take the newest release as an input with datum://churn-release.
with open(os.path.join(outputs, "release.json.metadata.json"), "w") as f:
    json.dump({"valohai.alias": "churn-release", "valohai.tags": ["approved"]}, f)
print("published release.json")
print(json.dumps({"published": True}))
