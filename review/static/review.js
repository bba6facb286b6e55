(function(){
  function all(ref){return document.querySelectorAll('[data-ref="'+ref+'"]');}
  function flash(el){el.classList.add('flash');setTimeout(function(){el.classList.remove('flash');},1400);}
  document.querySelectorAll('[data-ref]').forEach(function(el){
    var ref=el.getAttribute('data-ref');
    el.addEventListener('mouseenter',function(){all(ref).forEach(function(x){x.classList.add('hot');});});
    el.addEventListener('mouseleave',function(){all(ref).forEach(function(x){x.classList.remove('hot');});});
    el.addEventListener('click',function(){
      var target=document.getElementById((el.classList.contains('box')?'rec-':'box-')+ref);
      if(target){target.scrollIntoView({behavior:'smooth',block:'center'});flash(target);}
    });
  });
  document.querySelectorAll('.toggle input').forEach(function(cb){
    cb.addEventListener('change',function(){
      document.body.classList.toggle('hide-'+cb.getAttribute('data-kind'),!cb.checked);
    });
  });
})();
