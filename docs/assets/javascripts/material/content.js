/* Material for MkDocs 9.8.2 (MIT licence, (c) Martin Donath): the inline scripts of its
 * partials/javascripts/content.html, unchanged, as a file (the site's Content-Security-Policy
 * runs scripts only from the site's files). With content.tabs.link (the script's
 * data-tabs-link), the content tabs open on the tab the reader chose last; and the tab an
 * address's #anchor names is the one open. */
if("tabsLink"in document.currentScript.dataset){var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}}
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
