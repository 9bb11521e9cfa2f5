/** Signs in to a running server over real HTTP (the login form's CSRF double submit included). */
export interface HttpSession {
  cookie: string;
  csrf: string;
  /** The Set-Cookie header of the login response, for assertions on its attributes. */
  setCookie: string;
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
}

export async function httpLogin(baseUrl: string, email: string, password: string): Promise<HttpSession> {
  const form = await fetch(`${baseUrl}/login`);
  const loginCookie = cookiePairs(form).find((c) => c.startsWith('snoooz_login_csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!loginCookie || !token) throw new Error('The login form has no CSRF token.');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: token, next: '/' }).toString(),
  });
  const setCookie = res.headers.getSetCookie().find((c) => /^(__Host-)?snoooz_session=/.test(c)) ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (res.status !== 303 || cookie === '') throw new Error(`Login failed with ${res.status}`);
  const home = await fetch(`${baseUrl}/`, { headers: { cookie } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(await home.text())?.[1];
  if (!csrf) throw new Error('No CSRF token on the home page.');
  return { cookie, csrf, setCookie };
}

/** Posts a form as the signed-in user and returns the final page's HTML. */
export async function postForm(
  baseUrl: string,
  session: HttpSession,
  path: string,
  fields: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: session.csrf }).toString(),
  });
  return { status: res.status, body: await res.text() };
}
