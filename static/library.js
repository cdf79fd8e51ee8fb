/*
 * library.js — the upload form of the library, enhanced. Without it the form posts as usual.
 *
 * - Drag and drop: files dropped on `#dropzone` become the file input's selection.
 * - Progress: on submit each chosen file is sent on its own to the form's `data-api` address
 *   (POST /api/v1/library/documents, with the form's other fields and its CSRF token in the
 *   X-CSRF-Token header), with a <progress> bar per file in `#upload-progress`. With several
 *   files the title field is left out, so each document is named after its file, as the plain
 *   form does. When every file is in, one upload opens its document; several open the list.
 *
 * An ES module; no dependencies, no inline code, requests to this site only.
 */

const form = document.getElementById("upload-form");
const input = document.getElementById("file");
const zone = document.getElementById("dropzone");
const list = document.getElementById("upload-progress");
const messages = document.getElementById("upload-messages");

if (form && input && list && window.FormData && window.XMLHttpRequest) {
  if (zone) {
    for (const name of ["dragenter", "dragover"]) {
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      zone.addEventListener(name, () => zone.classList.remove("dragging"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change"));
      }
    });
  }

  form.addEventListener("submit", async (event) => {
    const files = Array.from(input.files || []);
    if (files.length === 0) return; // let the browser say the field is required
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    list.replaceChildren();
    const ids = [];
    let failed = false;
    for (const file of files) {
      try {
        ids.push(await send(file, files.length > 1));
      } catch {
        failed = true;
      }
    }
    if (button) button.disabled = false;
    if (!failed) {
      window.location.assign(ids.length === 1 ? `/library/${ids[0]}?notice=library-uploaded` : "/library?sort=date&notice=library-uploaded");
    }
  });
}

function send(file, several) {
  return new Promise((resolve, reject) => {
    const data = new FormData(form);
    data.delete("file");
    data.delete("csrf");
    if (several) data.delete("title");
    data.append("file", file, file.name);
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const status = document.createElement("span");
    status.className = "upload-status";
    item.append(name, " ", bar, " ", status);
    list.append(item);

    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.api);
    request.setRequestHeader("X-CSRF-Token", form.elements.csrf.value);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
    });
    request.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 201 && body) {
        bar.value = 100;
        item.classList.add("done");
        status.textContent = messages ? messages.dataset.done : "✓";
        resolve(body.id);
      } else {
        item.classList.add("failed");
        status.textContent = (body && body.message) || (messages ? messages.dataset.failed : "✗");
        reject(new Error(String(request.status)));
      }
    });
    request.addEventListener("error", () => {
      item.classList.add("failed");
      status.textContent = messages ? messages.dataset.failed : "✗";
      reject(new Error("network"));
    });
    request.send(data);
  });
}
