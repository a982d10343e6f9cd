// The API's zod schemas live in @aift/contract, shared with the extension; the server reads them from here.
export * from '@aift/contract';
