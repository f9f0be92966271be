/** `npm start`. The embedded dev host is not built yet (issue 3); say so plainly instead of pretending. */
console.log(`Postventa ${process.env.npm_package_version ?? ''}

The embedded dev host that runs the demo is not in this tree yet (open issue 3).
Available now:
  npx postventa validate   check the data model, fixtures and manifest
  npm run gen              regenerate types from doctypes/
  npm test                 every check and test
  npm run bench            benchmarks`);
