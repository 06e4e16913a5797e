import { type CSSVariablesResolver, createTheme, defaultVariantColorsResolver, type MantineColor, type VariantColorsResolver } from '@mantine/core';
import type { CallState } from '../../../common/calls';

/** Which theme colour each call state wears (badges, card edges); the only place that decides. */
export const CALL_STATE_COLORS: Record<CallState, MantineColor> = {
  ringing: 'orange',
  answered: 'teal',
  ended: 'gray',
  missed: 'red',
  voicemail: 'grape',
  blocked: 'dark',
};

/** Bright hues that only reach 4.5:1 with dark text on them. */
const BRIGHT = new Set(['orange', 'yellow', 'lime', 'cyan']);

/**
 * Mantine's default shades put white text on mid tones (about 3:1) and tinted text on tints.
 * Badges and status text must be readable at a glance: filled colours use the darkest shade
 * (or dark text on bright hues), light and outline variants use darkened text.
 */
const readableVariants: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  const color = input.color;
  if (!color || color.includes('.') || color.startsWith('#') || color === input.theme.primaryColor) return base;
  const ink = `color-mix(in srgb, var(--mantine-color-${color}-9) 80%, var(--mantine-color-black))`;
  switch (input.variant) {
    case 'filled':
      return BRIGHT.has(color)
        ? { ...base, background: `var(--mantine-color-${color}-6)`, hover: `var(--mantine-color-${color}-7)`, color: 'var(--mantine-color-black)' }
        : { ...base, background: `var(--mantine-color-${color}-9)`, hover: `var(--mantine-color-${color}-8)`, color: 'var(--mantine-color-white)' };
    case 'light':
    case 'outline':
    case 'subtle':
      return { ...base, color: ink, hoverColor: ink, border: input.variant === 'outline' ? `1px solid ${ink}` : base.border };
    default:
      return base;
  }
};

export const theme = createTheme({
  variantColorResolver: readableVariants,
  primaryColor: 'indigo',
  primaryShade: 7,
  // Keyboard users always see where they are; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  autoContrast: true,
  respectReducedMotion: true,
  cursorType: 'pointer',
  defaultRadius: 'md',
  fontFamily:
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "BIZ UDPGothic", Meiryo, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontWeight: '700' },
  other: {
    /** Width of one call card in the floating stack. */
    cardWidth: 420,
  },
});

/** Calm but readable: the default "dimmed" grey is below 4.5:1 on white, so use a darker one. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? 'inherit',
    '--cti-focus-ring': t.colors.indigo[6] ?? 'inherit',
  },
  dark: {},
});
