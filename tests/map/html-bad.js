/* Planted defects for check_html_assets.py: each line must be reported. */
var box = document.getElementById('x');
box.innerHTML = data.name;
eval(data.code);
fetch('https://example.org/track');
function broken( {
