"""genai_notes: the code behind the bilingual lecture notes on generative AI.

One module per chapter of the notes, each importable on its own:

* `genai_notes.tokens`: tokens, byte-level BPE, pixels and sound as tokens;
* `genai_notes.autoregression`: next-token models, sampling and generation;
* `genai_notes.gan`: generative adversarial networks on toy data;
* `genai_notes.entropy`: softmax, entropy, cross-entropy and KL divergence;
* `genai_notes.distillation`: knowledge distillation with soft targets.

>>> import genai_notes
>>> genai_notes.MODULES
('tokens', 'autoregression', 'gan', 'entropy', 'distillation')
"""

__version__ = "0.2.0"

MODULES = ("tokens", "autoregression", "gan", "entropy", "distillation")

__all__ = ["MODULES", "__version__"]
