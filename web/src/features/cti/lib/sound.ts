/**
 * A short two-tone ring made with WebAudio (no audio file). Browsers refuse to start sound
 * before the person has clicked or typed on the page, so the AudioContext is only created
 * after such a gesture.
 */
let context: AudioContext | null = null;
let interacted = false;

function markInteracted(): void {
  interacted = true;
  // Creating (or resuming) the context inside the gesture unlocks it for later rings.
  if (!context && typeof AudioContext !== 'undefined') context = new AudioContext();
  else if (context?.state === 'suspended') void context.resume();
}

/** Starts listening for the first gesture; call once at start-up. */
export function watchForInteraction(): () => void {
  const handler = (): void => markInteracted();
  window.addEventListener('pointerdown', handler, { capture: true });
  window.addEventListener('keydown', handler, { capture: true });
  return () => {
    window.removeEventListener('pointerdown', handler, { capture: true });
    window.removeEventListener('keydown', handler, { capture: true });
  };
}

/** Rings once (about a second); false when the browser does not allow sound yet. */
export function ring(): boolean {
  if (!context || !interacted) return false;
  if (context.state === 'suspended') void context.resume();
  const start = context.currentTime + 0.02;
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const tones = [880, 660, 880, 660];
  tones.forEach((frequency, i) => {
    const at = start + i * 0.22;
    const osc = context!.createOscillator();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    osc.connect(gain);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
    osc.start(at);
    osc.stop(at + 0.21);
  });
  return true;
}
