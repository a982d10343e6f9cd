import { z } from 'zod';

export const StrategySchema = z.object({
  name: z.string(),
  description: z.string(),
  usesPredictions: z.boolean(),
});

export const StrategyListSchema = z.object({
  /** The strategy this server scores the pool with. */
  active: z.string(),
  strategies: z.array(StrategySchema),
});

export type StrategyListDto = z.infer<typeof StrategyListSchema>;
