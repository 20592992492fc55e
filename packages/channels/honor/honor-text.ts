/**
 * Honor's title/body limits. TPNS's per-channel table has no Honor row (⚠️ not documented): Honor Push grew out
 * of Huawei Push Kit and shows notifications in the same Magic UI/EMUI layout, so Huawei's 40 / 80 characters
 * are used, applied the same way (notification-text.ts).
 */
import { HUAWEI_TEXT_LIMITS, shapeText, type ShapedText, type TextLimits } from '../huawei/index.ts';

export const HONOR_TEXT_LIMITS: TextLimits = HUAWEI_TEXT_LIMITS;

export function shapeHonorText(text: { title: string; body: string }): ShapedText {
  return shapeText(text, HONOR_TEXT_LIMITS);
}
