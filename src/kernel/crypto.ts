/** Store keys are high-entropy random strings, so a plain SHA-256 (no salt, no stretching) is enough at rest. */
export async function sha256(s: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
