/**
 * Route options for the TPNS `/v3` API: the TypeBox body schema goes into the OpenAPI document, while the
 * push model's normalisers do the validating, because TPNS's own rules decide which ret_code a bad field gets.
 */
import type { ErrorStyle } from '../../http/error-handler.ts';

const describeOnly = { validatorCompiler: () => () => true };

export function tpnsRouteDoc(tag: string, summary: string, body?: unknown, errorStyle?: ErrorStyle) {
  return {
    schema: { tags: [tag], summary, ...(body === undefined ? {} : { body }), security: [{ tpnsBasic: [] }] },
    ...describeOnly,
    ...(errorStyle === undefined ? {} : { config: { errorStyle } }),
  };
}
