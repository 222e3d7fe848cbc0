"""Rasa's SpacyNLP without the spaCy components this pipeline never reads.

What the rest of the pipeline takes from spaCy: the tokens and their lemmas
(SpacyTokenizer; CountVectorsFeaturizer reads lemmas), which need tok2vec,
morphologizer, attribute_ruler and lemmatizer. Not the named entities (DIET
finds ours), nor word vectors (fr_core_news_sm has none, so SpacyFeaturizer adds
no feature). Rasa loads the whole model but the parser, so the entity
recognizer, with its own tok2vec, ran on every message: about 2.5 ms of the
Rasa server's CPU per message, a twentieth of it (py-spy, README "Speed and
load"). `exclude` (config.yml) removes such components after loading; the
tokens, lemmas and tags are the same.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyNLP


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="LeanSpacyNLP",
)
class LeanSpacyNLP(SpacyNLP):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SpacyNLP.get_default_config(), "exclude": []}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LeanSpacyNLP:
        config = {**cls.get_default_config(), **config}
        model = cls.load_model(config.get("model"))
        for name in config["exclude"]:
            if name in model.model.component_names:
                model.model.remove_pipe(name)
        cls.ensure_proper_language_model(model.model)
        return cls(model, config)
