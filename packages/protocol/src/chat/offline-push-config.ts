/**
 * The device report of offline push (docs/protocol.md §13): Tencent's `V2TIMOfflinePushConfig` (Android) and
 * `V2TIMAPNSConfig` (iOS `setAPNS`), sent by the SDK with the `setOfflinePushConfig` op. Shared so the server and
 * the SDK cannot drift apart.
 */

/** What the app reports. */
export interface OfflinePushConfig {
  /**
   * Native mode: the certificate ID of one of the IM app's offline push certificates. TPNS mode: 0.
   * (Tencent spells it `businessID`; so does Herald, everywhere.)
   */
  businessID: number;
  /**
   * Native mode: the vendor's device token for that certificate's channel (APNs or PushKit token as hex, FCM
   * token, vendor regId, Web Push subscription JSON). TPNS mode: the Herald push token the push SDK registered.
   */
  token: string;
  /** True in TPNS mode (with `businessID` 0). */
  isTPNSToken?: boolean;
}

/** What the server stored for this device: the answer of `setOfflinePushConfig` (null after turning it off). */
export interface OfflinePushConfigState {
  businessID: number;
  isTPNSToken: boolean;
  /** The token as stored (vendor tokens in their canonical form, e.g. APNs hex in lower case). */
  token: string;
  /** The channel the pushes go out on: the certificate's, or the push device's in TPNS mode. */
  channel: string;
  /** APNs environment ('dev' | 'product'): the certificate's in native mode; null for channels without one. */
  environment: 'dev' | 'product' | null;
  /** The certificate is an APNs VoIP certificate (PushKit token). */
  voip: boolean;
}
