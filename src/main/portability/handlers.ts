/** The IPC handlers of export and import (contract: src/shared/ipc/portability.ts). */
import type { Handlers } from '../ipc/dispatcher';
import type { PortabilityService } from './service';

type PortabilityHandlers = Pick<
  Handlers,
  | 'portability.exportStart'
  | 'portability.exportSave'
  | 'portability.exportRead'
  | 'portability.exportDiscard'
  | 'portability.importChoose'
  | 'portability.importBegin'
  | 'portability.importAppend'
  | 'portability.importStart'
  | 'portability.cancel'
>;

export function portabilityHandlers(service: PortabilityService): PortabilityHandlers {
  return {
    'portability.exportStart': ({ password }) => service.exportStart(password),
    'portability.exportSave': ({ jobId }) => service.exportName(jobId),
    'portability.exportRead': ({ jobId, offset }) => service.exportRead(jobId, offset),
    'portability.exportDiscard': ({ jobId }) => service.exportDiscard(jobId),
    // The native Open dialog lives in Electron's main process; here there is none.
    'portability.importChoose': () => ({ chosen: false }),
    'portability.importBegin': ({ size }) => service.importBegin(size),
    'portability.importAppend': ({ uploadId, offset, data }) => service.importAppend(uploadId, offset, data),
    'portability.importStart': ({ uploadId, password }) => service.importStart(uploadId, password),
    'portability.cancel': ({ jobId }) => service.cancel(jobId),
  };
}
