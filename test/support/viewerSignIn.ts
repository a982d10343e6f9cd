// The viewer's sign-in screen (extension/src/components/SignInScreen.tsx), used as a reader uses it.
import type { Page } from 'playwright-core';

/**
 * Waits for the sign-in screen, pastes the token, presses "Sign in" and waits until the screen has gone
 * (OHIF's routes render once a reader is signed in).
 */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByTestId('aift-sign-in-token').fill(token, { timeout: 90_000 });
  await page.getByTestId('aift-sign-in-submit').click();
  await page.getByTestId('aift-sign-in').waitFor({ state: 'detached', timeout: 30_000 });
}
