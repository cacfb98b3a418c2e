/**
 * YAML 1.1 as PyYAML (and so Valohai) reads it. The `yaml` package's 1.1 schema also takes
 * `y`/`n` for booleans; PyYAML does not, so `name: n` stays a string here too.
 */
import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions } from 'yaml';

const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

type Tag = Parameters<Extract<SchemaOptions['customTags'], (...args: never[]) => unknown>>[0][number];

function pyyamlTag(tag: Tag): Tag {
  if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool') return tag;
  const scalar = tag as ScalarTag;
  if (!scalar.test) return tag;
  return { ...scalar, test: scalar.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE };
}

export const PYYAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.map(pyyamlTag),
};
