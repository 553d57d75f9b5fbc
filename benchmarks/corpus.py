"""A small synthetic corpus of bilingual ML posts, for when ../shared/bench is not beside the
repository. Deterministic: the same N and seed give the same files.

    python benchmarks/corpus.py N OUTDIR
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TOPICS = [("变分推断", "Variational inference", "vi"), ("注意力机制", "Attention", "attention"),
          ("扩散模型", "Diffusion", "diffusion"), ("强化学习", "Reinforcement learning", "rl"),
          ("优化方法", "Optimization", "opt")]
ZH = ["我们先回顾一下 {m} 的定义，再看它为什么有效。", "把 {m} 代入上式，就得到了目标函数。",
      "这一步的关键在于 {m} 对参数可微。", "实践中常用蒙特卡洛估计来近似这个期望。",
      "直观上，这一项衡量模型对数据的拟合程度。"]
EN = ["Recall the definition of {m} before seeing why it works.",
      "Substituting {m} gives the objective.", "The key is that {m} is differentiable.",
      "In practice the expectation is estimated by Monte Carlo.",
      "Intuitively this term measures how well the model fits the data."]
INLINE = [r"p_\theta(x)", r"\mathbb{E}_{q}[\log p(x\mid z)]", r"D_{\mathrm{KL}}(q\,\|\,p)",
          r"\nabla_\theta J(\theta)", r"\operatorname{softmax}(QK^\top/\sqrt{d})", r"w_i x_i + b_i"]
DISPLAY = [r"\mathcal{L} = \mathbb{E}_{q_\phi}\left[\log p_\theta(x\mid z)\right] - "
           r"D_{\mathrm{KL}}(q_\phi\,\|\,p)",
           r"\begin{aligned} \theta_{t+1} &= \theta_t - \eta \nabla f(\theta_t) \\ "
           r"&= \theta_t - \eta g_t \end{aligned}"]
CODE = ["```python\nimport numpy as np\n\ndef softmax(x):\n    e = np.exp(x - x.max())\n"
        "    return e / e.sum()\n```",
        "```cpp\n#include <vector>\nint sum(const std::vector<int>& v) {\n    int s = 0;\n"
        "    for (int x : v) s += x;\n    return s;\n}\n```"]


def post(i: int, rng: random.Random) -> tuple[str, str]:
    zh = rng.random() < 0.7
    topic_zh, topic_en, slug = rng.choice(TOPICS)
    inline = [f"\\({m}\\)" if rng.random() < 0.15 else f"${m}$" for m in rng.sample(INLINE, 4)]
    sentences = [s.replace("{m}", rng.choice(inline)) for s in rng.choices(ZH if zh else EN, k=12)]
    joiner = "" if zh else " "
    body = [joiner.join(sentences[:3]), "<!--more-->", "## " + ("推导" if zh else "Derivation"),
            joiner.join(sentences[3:8]), "$$\n" + rng.choice(DISPLAY) + "\n$$", rng.choice(CODE),
            "| a | b |\n|---|---|\n| 1 | 2 |", joiner.join(sentences[8:]),
            f"![fig](/images/{slug}.png) [paper](https://arxiv.org/abs/{1000 + i})"]
    title = f"{topic_zh}笔记（{i}）" if zh else f"{topic_en} notes ({i})"
    front = (f"---\ntitle: \"{title}\"\ndate: 2020-01-01T08:00:00+08:00\nslug: p{i:05d}-{slug}\n"
             f"lang: {'zh' if zh else 'en'}\ntags: [{slug}, notes]\n---\n")
    return f"p{i:05d}-{slug}.md", front + "\n\n".join(body) + "\n"


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = post(i, random.Random(i))
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {n} posts to {out}")


if __name__ == "__main__":
    main()
