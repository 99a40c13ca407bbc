import { ACCOUNT_ID, REGION } from '../runtime-pool/runtime-env.ts';
import type { ResolveScope, ResourceLookup } from './intrinsics.ts';
import type { TemplateModel } from './model.ts';

/** The stack name the dev server pretends to run (`AWS::StackName`). */
export const LOCAL_STACK_NAME = 'sluice-local';

export const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT_ID,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': LOCAL_STACK_NAME,
  'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${LOCAL_STACK_NAME}/00000000-0000-0000-0000-000000000000`,
};

/** Parameter values in force: an override, else the template's Default. */
export function effectiveParameters(
  model: Pick<TemplateModel, 'parameters'>,
  overrides: Readonly<Record<string, string>>,
): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, fallback] of model.parameters) {
    const value = overrides[name] ?? fallback;
    if (value !== undefined) values.set(name, value);
  }
  return values;
}

export function resolveScope(
  model: Pick<TemplateModel, 'parameters' | 'resourceTypes' | 'conditions' | 'mappings'>,
  overrides: Readonly<Record<string, string>>,
  resources: ResourceLookup,
): ResolveScope {
  return {
    parameters: effectiveParameters(model, overrides),
    declaredParameters: new Set(model.parameters.keys()),
    pseudo: PSEUDO_PARAMETERS,
    resourceTypes: model.resourceTypes,
    resources,
    conditions: model.conditions,
    mappings: model.mappings,
  };
}
