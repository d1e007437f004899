// An embedded widget of automahntion: OAuth 2.0 authorization code with PKCE (a public
// client, no secret), then the tenant's invoices through the API. Plain browser JavaScript,
// no build step. The page's own address (without query) is the registered redirect URI,
// so its origin is the one the API allows (CORS).
"use strict";

const root = document.getElementById("widget");
const statusLine = document.getElementById("status");
const KEY = "automahntion-widget";

function config() {
  const query = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "{}");
  return {
    api: (query.get("api") || saved.api || root.dataset.api).replace(/\/$/, ""),
    clientId: query.get("client_id") || saved.clientId || root.dataset.clientId,
    scope: root.dataset.scope,
    redirectUri: location.origin + location.pathname,
  };
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function connect() {
  const settings = config();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(KEY, JSON.stringify({ ...settings, verifier, state }));
  const authorize = new URL(settings.api + "/oauth/authorize");
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  location.assign(authorize.toString());
}

async function exchange(settings, saved, code) {
  const response = await fetch(settings.api + "/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: settings.redirectUri,
      client_id: settings.clientId,
      code_verifier: saved.verifier,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error_description || body.error);
  return body.access_token;
}

function euros(cents) {
  return (cents / 100).toLocaleString("de-DE", { style: "currency", currency: "EUR" });
}

async function showInvoices(settings, token) {
  const response = await fetch(settings.api + "/v1/invoices?limit=50", {
    headers: { Authorization: "Bearer " + token },
  });
  const page = await response.json();
  if (!response.ok) throw new Error(page.detail || page.title);
  const rows = document.querySelector("#invoices tbody");
  rows.replaceChildren(...page.items.map((invoice) => {
    const row = document.createElement("tr");
    const cells = [invoice.number, invoice.customer ? invoice.customer.name : "",
      invoice.dueDate, euros(invoice.openCents)];
    cells.forEach((text, index) => {
      const cell = document.createElement("td");
      cell.textContent = text || "";
      if (index === 3) cell.className = "amount";
      row.append(cell);
    });
    return row;
  }));
  document.getElementById("invoices").hidden = false;
  statusLine.textContent = page.items.length + " Rechnungen geladen.";
}

async function main() {
  document.getElementById("connect").addEventListener("click", () => {
    connect().catch(fail);
  });
  const query = new URLSearchParams(location.search);
  if (query.has("error")) throw new Error(query.get("error_description") || query.get("error"));
  if (!query.has("code")) {
    const settings = config();
    sessionStorage.setItem(KEY, JSON.stringify({ api: settings.api, clientId: settings.clientId }));
    return;
  }
  const settings = config();
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "{}");
  history.replaceState(null, "", settings.redirectUri);
  if (!saved.state || query.get("state") !== saved.state) throw new Error("state passt nicht");
  statusLine.textContent = "Verbinde …";
  const token = await exchange(settings, saved, query.get("code"));
  sessionStorage.setItem(KEY, JSON.stringify({ api: settings.api, clientId: settings.clientId }));
  await showInvoices(settings, token);
}

function fail(error) {
  statusLine.setAttribute("role", "alert");
  statusLine.textContent = "Fehler: " + error.message;
}

main().catch(fail);
