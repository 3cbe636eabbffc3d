// Optional: the page works without it. Says the chosen file's size against the limit before
// sending, and that the upload is under way once sent.
(function () {
  var form = document.getElementById("unggah");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var said = document.getElementById("ukuran");
  var button = form.querySelector("button");
  var limit = parseInt(form.getAttribute("data-batas"), 10);
  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1).replace(".", ",") + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }
  input.addEventListener("change", function () {
    var f = input.files[0];
    if (!f) { said.textContent = ""; button.disabled = false; return; }
    if (f.size > limit) {
      said.textContent = "Berkas " + f.name + " " + size(f.size) + ", lebih besar dari batas " + size(limit) +
        ". Hapus gambar atau lembar yang tidak perlu, simpan, lalu pilih lagi.";
      button.disabled = true;
    } else {
      said.textContent = "Berkas dipilih: " + f.name + ", " + size(f.size) + " (batas " + size(limit) + ").";
      button.disabled = false;
    }
  });
  form.addEventListener("submit", function () {
    button.disabled = true;
    button.textContent = "Mengirim dan memeriksa...";
  });
})();
