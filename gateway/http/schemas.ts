// Request schemas and their TypeScript shapes, side by side so validation and types cannot drift:
// each `XxxQuery` type is exactly what its schema admits after fastify's coercion.

export const incidentsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** µs since the Unix epoch (gateway clock). */
    since: { type: 'integer', minimum: 0 },
    minConfidence: { type: 'number', minimum: 0, maximum: 1 },
    located: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;
export interface IncidentsQuery { since?: number; minConfidence?: number; located?: boolean; limit: number }

export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;
export interface IdParams { id: number }

export const ackBodySchema = {
  type: 'object',
  required: ['by'],
  additionalProperties: false,
  properties: {
    by: { type: 'string', minLength: 1, maxLength: 100 },
    note: { type: 'string', maxLength: 1000 },
  },
} as const;
export interface AckBody { by: string; note?: string }
