// lexgate's start-up of Swagger UI for /docs (a file, not an inline script: the page's CSP forbids those).
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // no call to the online validator: the page works offline
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
