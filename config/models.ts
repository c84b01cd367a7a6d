// Model → tier table (design 000 Step 4). Design 000 guesses the tier from the name
// (`model.includes('large')`); a table cannot be fooled by a name like "not-large-really" and
// says outright which models exist. Role tiers are the permissions models:use:small / models:use:large.
export type ModelTier = 'small' | 'large';

export const MODEL_TIERS: Readonly<Record<string, ModelTier>> = Object.freeze({
  'mistral-small-latest': 'small',
  'mistral-embed': 'small',
  'open-mistral-nemo': 'small',
  'codestral-latest': 'small',
  'mistral-medium-latest': 'large',
  'mistral-large-latest': 'large',
  'pixtral-large-latest': 'large',
});
