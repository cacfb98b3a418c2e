/** The api object for components deep in the tree (the run controls, the inspector). */
import { createContext, useContext } from 'react';
import type { PipewrightApi } from '../../../shared/api/contract.ts';

export const ApiContext = createContext<PipewrightApi | undefined>(undefined);

export function useApi(): PipewrightApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
