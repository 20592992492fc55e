/**
 * Honor's reply codes. Read in third-party Honor clients and a vendor passing Honor's reply through (🔎):
 * success is `{"code":200,"message":"Success","data":{"sendResult":true,"requestId":…,"failTokens":[],
 * "expireTokens":[],"msgCode":200}}` (Easemob push docs; Go and C# Honor clients), and a partial success is code
 * 80100000 with the failed tokens in `data.failTokens` (MASA Honor sender). One client also takes "80000000" as
 * success. Every other code is ⚠️: Honor's error table was not found, and Honor Push began as a fork of Huawei
 * Push Kit, so Huawei's table (../huawei/result-codes.ts) stands in for the codes the two share.
 */
import { HUAWEI_RESULT_CODES, type ResultCodeEntry } from '../huawei/index.ts';

export const HONOR_RESULT_CODES: Readonly<Record<string, ResultCodeEntry>> = {
  ...HUAWEI_RESULT_CODES,
  '200': { name: 'Success', action: 'delivered' },
};
