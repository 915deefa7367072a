/* Material for MkDocs 9.8.2 (MIT licence, (c) Martin Donath): the inline script of its
 * partials/javascripts/base.html, unchanged but for the scope, which the page gives as the
 * script's data-scope (docs/overrides/partials/javascripts/base.html): the site's
 * Content-Security-Policy runs scripts only from the site's files. Where Material keeps the
 * reader's choices (colour scheme, content tabs) in localStorage. */
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
