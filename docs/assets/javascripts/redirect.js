/* backup-help: the page of a retired cause id (macros/templates/redirect.html.j2) sends the
 * reader on to the cause's page (the script's data-target, relative to the page), keeping the
 * #anchor of the link (a fix's). Without JavaScript, the page's refresh does it, without it. */
location.replace(document.currentScript.dataset.target + location.hash);
