/** What sandbox mode is and how to start it, for a node that runs without it (GET /api/sandbox → enabled: false). */
export function SandboxDisabled() {
  return (
    <section className="notice notice-info sandbox-off" aria-labelledby="sandbox-off-title">
      <h2 id="sandbox-off-title" className="notice-title">Sandbox mode is off on this node</h2>
      <p>
        In sandbox mode the node runs every vendor’s emulator (APNs, FCM, Huawei, Honor, Xiaomi, OPPO, vivo, Meizu and the Web Push service) on
        loopback and points its channels at them, so you can try Herald end to end without any vendor account: issue credentials as the vendors’
        consoles would, add virtual devices to your apps, push to them and watch what each one receives.
      </p>
      <p>To start it, run the node with sandbox mode on:</p>
      <ul>
        <li>
          from a Herald checkout: <code>npm run sandbox</code>
        </li>
        <li>
          or set <code>HERALD_SANDBOX=true</code> in the node’s environment and restart it.
        </li>
      </ul>
      <p>Pushes then go to the emulators only, never to a real vendor: do not turn it on for a node that serves real devices.</p>
    </section>
  );
}
