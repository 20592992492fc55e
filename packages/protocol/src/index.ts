export { ErrorCatalogue, errorCodes, type ErrorCode } from './errors/catalogue.ts';
export { HeraldError, heraldError, isHeraldError } from './errors/herald-error.ts';
